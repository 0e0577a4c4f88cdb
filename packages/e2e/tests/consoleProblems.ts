import { ConsoleMessage, expect, test as base } from '@playwright/test';

/**
 * Our sources as they appear in messages and React's component stacks: the portal runs a
 * development build, whose stacks name each component's file.
 */
const OUR_CODE = /(plugins\/ocm-fl(-common)?|packages\/app)\/src\//;

/**
 * Pages whose material-table tables are all ours. material-table's warnings carry no
 * stack, so the page they appear on says whose table it is.
 */
const OUR_TABLE_PAGES =
  /\/federated-learning(\/|$)|\/create\/templates\/default\/federated-learning-|\/catalog\/[^/]+\/resource\/[^/]+\/versions$/;
const TABLE_USAGE =
  /The table requires all rows to have an unique id|columns provided to material table are static/;
/**
 * material-table warns about "static columns" whenever a table with local data gets new
 * data and its columns render cells, however stable the columns are: it compares them
 * without their functions (componentDidUpdate in @material-table/core). The job page's
 * cluster table is such a table (its columns are a module constant, its data live), so there
 * the warning says nothing about our code; on the paged tables (remote data) it still counts.
 */
const LIVE_LOCAL_TABLE_PAGE = /^\/federated-learning\/jobs\/[^/]+$/;
const STATIC_COLUMNS = /columns provided to material table are static/;

/**
 * Known warnings from inside libraries, excused even when their component stack passes
 * through our components: they are about the library's own code.
 */
const THIRD_PARTY = [
  // material-table and react-beautiful-dnd under it (React 18 deprecations).
  /Support for defaultProps will be removed from (function|memo) components[\s\S]*%s (MTable\w+|Connect\(Droppable\))(?=\s|$)/,
  // Material UI v4's transitions, tooltips and popovers.
  /findDOMNode is deprecated/,
  // react-aria and react-stately inside Backstage UI (the scaffolder's buttons).
  /<Focusable> child must have an interactive ARIA role/,
  /^WARN: A component changed from uncontrolled to controlled/,
];

function problemOf(message: ConsoleMessage, pageUrl: string) {
  if (message.type() !== 'error' && message.type() !== 'warning')
    return undefined;
  const text = message.text();
  if (THIRD_PARTY.some(known => known.test(text))) return undefined;
  const path = new URL(pageUrl).pathname;
  if (STATIC_COLUMNS.test(text) && LIVE_LOCAL_TABLE_PAGE.test(path))
    return undefined;
  const ours =
    OUR_CODE.test(text) ||
    OUR_CODE.test(message.location().url) ||
    (TABLE_USAGE.test(text) && OUR_TABLE_PAGES.test(path));
  return ours ? `${message.type()} on ${pageUrl}: ${text}` : undefined;
}

/**
 * The Playwright `test`, which also fails a test when the browser console shows an error
 * or warning that comes from this project's code (React warnings, misused tables,
 * uncaught errors), listed at the end with the page each appeared on.
 */
export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', message => {
        const problem = problemOf(message, page.url());
        if (problem) problems.push(problem);
      });
      page.on('pageerror', error => {
        if (OUR_CODE.test(error.stack ?? ''))
          problems.push(`uncaught on ${page.url()}: ${error.stack}`);
      });
      await use(problems);
      expect(problems, 'console errors and warnings from ocm-fl code').toEqual(
        [],
      );
    },
    { auto: true },
  ],
});

export { expect };
