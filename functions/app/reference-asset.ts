/**
 * The reference page's renderer: Redoc's standalone bundle, served by the app itself so that the page
 * loads nothing from outside the service. Locally it is read from node_modules; a Lambda function has
 * none, so bundling copies it into the function's asset (infra/lib/bundling.ts).
 */
export const REFERENCE_SCRIPT_MODULE = 'redoc/bundles/redoc.standalone.js'

/** Where the script is in a Lambda function's asset, relative to its root (`LAMBDA_TASK_ROOT`). */
export const REFERENCE_SCRIPT_ASSET = 'docs/reference.js'

/** The query parameter naming the script's version in its URL, so that a year's caching never serves an old one. */
export const REFERENCE_VERSION_PARAM = 'v'
