import { isLocked } from '../model/attributes.js';
import type { Subject } from '../model/subjects.js';
import { subjectRef } from '../model/subjects.js';
import type { RegistryClient } from '../registry/registry-client.js';

/**
 * The shared-manifest rule over a whole tree, for runs that loosen write or delete: a manifest that
 * other tags protect (write or delete disabled) is kept, not unlocked under them, and so is everything
 * found below it (its children, its referrers and the tags naming them). "Other" tags are those the run
 * neither names nor reaches through the tree (a cosign tag of the image is unlocked with it). A tag the
 * run cannot read counts as protecting.
 */
export async function keepShared(
  subjects: readonly Subject[],
  client: RegistryClient,
  namedTags: ReadonlySet<string>,
): Promise<Subject[]> {
  const inRun = new Set(namedTags);
  for (const s of subjects) if (s.kind === 'tag') inRun.add(subjectRef(s));
  const protecting = new Map<string, Promise<string | undefined>>();
  const protects = (s: Subject, tag: string): Promise<string | undefined> => {
    const key = `${s.loginServer}/${s.repository}:${tag}`;
    let answer = protecting.get(key);
    if (!answer) {
      answer = client.getTag(s.repository, tag).then(
        (state) => (isLocked(state.attributes) ? `${s.repository}:${tag}` : undefined),
        () => `${s.repository}:${tag} (unreadable)`,
      );
      protecting.set(key, answer);
    }
    return answer;
  };

  const keptByRef = new Map<string, readonly string[]>();
  const marked: Subject[] = [];
  for (const subject of subjects) {
    const inherited = (subject.parent !== undefined ? keptByRef.get(subject.parent) : undefined) ?? [];
    const own: string[] = [];
    if (subject.kind === 'manifest' && !subject.error) {
      for (const tag of subject.tagNames ?? []) {
        if (inRun.has(`${subject.loginServer}/${subject.repository}:${tag}`)) continue;
        const keeper = await protects(subject, tag);
        if (keeper !== undefined) own.push(keeper);
      }
    }
    const keptBy = [...new Set([...inherited, ...own])];
    const ref = subjectRef(subject);
    if (!keptByRef.has(ref)) keptByRef.set(ref, keptBy);
    marked.push(keptBy.length > 0 && !subject.error ? { ...subject, keptBy } : subject);
  }
  return marked;
}
