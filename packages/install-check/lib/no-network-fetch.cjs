// Preloaded into @backstage/create-app: it fetches a yarn.lock seed from the master branch on
// GitHub (fetchYarnLockSeedTask in its dist/lib/tasks.cjs.js) and, when that fails, keeps the
// template's own yarn.lock, which is the one of its release. The check wants that release's
// lockfile and no download from outside the npm registry, so fetch fails here.
globalThis.fetch = async url => {
  throw new Error(`install check: no network access for ${url}`);
};
