#!/usr/bin/env node
// The weft command. The code lives in dist/ (built by `npm install`, which runs `npm run build`).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(`weft: Node ${process.versions.node} is running; Weft needs Node 24 LTS (run it as \`npx weft\` after \`npm install\`, which pins it).\n`);
  process.exit(2);
}
try {
  const { main } = await import('../dist/apps/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/apps/cli/main.js')) {
    process.stderr.write('weft: dist/ is missing; run `npm install` (or `npm run build`) in the repository first.\n');
    process.exit(2);
  }
  throw e;
}
