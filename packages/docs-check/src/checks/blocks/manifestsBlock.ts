import { parseAllDocuments } from 'yaml';
import { CodeBlock } from '../../markdown';
import { validateManifest } from '../manifests';

const yamlDocuments = (block: CodeBlock) =>
  parseAllDocuments(block.content).map(doc => {
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    return doc.toJS();
  });

export async function checkManifests(block: CodeBlock) {
  const documents = yamlDocuments(block);
  if (documents.length === 0) throw new Error('no manifest in the block');
  documents.forEach(validateManifest);
}
