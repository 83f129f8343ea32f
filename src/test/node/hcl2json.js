// Prints the .tf files of a folder as one JSON object {"<file>": <HashiCorp's HCL parse of it>}, for the offline checks
// of terraform/ (deploy.TerraformTest). The parser is HashiCorp's own, compiled to WebAssembly (npm @cdktf/hcl2json).
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

async function main(folder) {
  const files = fs.readdirSync(folder).filter((name) => name.endsWith('.tf') || name.endsWith('.tfvars')).sort();
  const parsed = {};
  for (const name of files) {
    parsed[name] = await parse(name, fs.readFileSync(path.join(folder, name), 'utf8'));
  }
  process.stdout.write(JSON.stringify(parsed));
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`cannot parse ${process.argv[2]}: ${error.message || error}\n`);
  process.exit(1);
});
