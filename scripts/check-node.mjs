// Fails fast when the scripts run on a Node other than the pinned 24 LTS.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(
    `weft: Node ${process.versions.node} is running, but this project pins Node 24 LTS.\n` +
      'Run it through npm scripts (npm run ..., npx weft ...) after `npm install`, which puts the pinned binary first on PATH.\n',
  );
  process.exit(1);
}
