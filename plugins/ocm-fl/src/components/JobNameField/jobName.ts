/** The longest job name: names derived from it get suffixes. */
export const MAX_JOB_NAME_LENGTH = 40;

/** A DNS-1123 label starting with a letter: the job spec's rule (ocm-fl-common's jobSpec). */
const JOB_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What is wrong with a job name, in words for people (the schema's pattern is for
 * machines); undefined when the launch would accept it. An empty name is left to the
 * form's `required`.
 */
export function jobNameProblem(name: string): string | undefined {
  if (!name) return undefined;
  if (name.length > MAX_JOB_NAME_LENGTH) {
    return `At most ${MAX_JOB_NAME_LENGTH} characters: names derived from it get suffixes.`;
  }
  if (!JOB_NAME.test(name)) {
    return "Use lower-case letters, digits and '-', starting with a letter (and not ending with '-').";
  }
  return undefined;
}
