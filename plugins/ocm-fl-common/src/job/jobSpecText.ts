import { parseAllDocuments } from 'yaml';
import { ANNOTATIONS_LIMIT_BYTES, jsonBytes } from './specSize';

/**
 * The largest job spec file read: the size of the annotation the spec ends up in. Larger
 * input is refused by its size, before it is parsed.
 *
 * @public
 */
export const MAX_SPEC_TEXT_BYTES = ANNOTATIONS_LIMIT_BYTES;

/** Aliases a spec may use; a few reuse a block, thousands are an expansion attack. */
const MAX_ALIASES = 50;

/** @public */
export type JobSpecTextResult =
  | { success: true; value: unknown }
  | { success: false; message: string };

const EMPTY = 'holds no job spec (it is empty)';
const firstLine = (text: string) => text.split('\n')[0];

/**
 * Reads the text of a job spec file (YAML or JSON) into plain data, refusing what would make
 * reading it costly or ambiguous: too many bytes, several documents, duplicate keys, alias
 * expansion (billion laughs) and aliases that refer to themselves. The data still has to
 * pass `parseJobSpec`.
 *
 * @public
 */
export function readJobSpecText(text: string): JobSpecTextResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_SPEC_TEXT_BYTES)
    return {
      success: false,
      message: `is ${bytes} bytes; a job spec may be at most ${MAX_SPEC_TEXT_BYTES} bytes`,
    };
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(documents) || documents.length === 0)
    return { success: false, message: EMPTY };
  if (documents.length > 1)
    return {
      success: false,
      message: `holds ${documents.length} YAML documents; give one job spec per file`,
    };
  const [document] = documents;
  if (document.errors.length > 0) {
    const reason = firstLine(document.errors[0].message);
    return {
      success: false,
      message: /call stack/i.test(reason)
        ? 'nests too deeply to be a job spec'
        : `is not YAML: ${reason}`,
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const reason = firstLine((error as Error).message);
    return {
      success: false,
      message: /excessive alias count/i.test(reason)
        ? `uses YAML aliases that expand too much (at most ${MAX_ALIASES} uses of aliases)`
        : `is not YAML: ${reason}`,
    };
  }
  if (value === null || value === undefined)
    return { success: false, message: EMPTY };
  const size = jsonBytes(value);
  if ('problem' in size) return { success: false, message: size.problem };
  return { success: true, value };
}
