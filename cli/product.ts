import { version } from '../package.json';

/** The product's name as tools and reports show it. */
export const PRODUCT_NAME = 'Palisade';

/** The version of this build (from package.json). */
export const PRODUCT_VERSION: string = version;

/**
 * Where the project and its rule documentation live. SARIF requires absolute URIs for `informationUri` and
 * `helpUri`; the rule pages are the generated files under `docs/rules/`.
 */
export const PROJECT_URL = 'https://github.com/palisade-dev/palisade';

/** The documentation page of a rule id (`docker/no-root-user` → `…/docs/rules/docker/no-root-user.md`). */
export function ruleDocsUrl(ruleId: string): string {
  return ruleId.includes('/')
    ? `${PROJECT_URL}/blob/main/docs/rules/${ruleId}.md`
    : `${PROJECT_URL}/blob/main/docs/rules/README.md#engine-findings`;
}
