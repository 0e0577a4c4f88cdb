// Prints, as a JSON list, the names of the templates that a package ships
// (templates/<name>/template.yaml).
// Usage: node template-names.js <package dir>
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');

const templatesDir = path.join(process.argv[2], 'templates');
const names = fs
  .readdirSync(templatesDir, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => path.join(templatesDir, entry.name, 'template.yaml'))
  .map(file => parse(fs.readFileSync(file, 'utf8')).metadata.name);
if (names.length === 0) throw new Error(`No templates in ${templatesDir}`);
console.log(JSON.stringify(names));
