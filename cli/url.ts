/** The service URL from --url or SLUICE_URL; `localhost:4100`, without a scheme, means `http://localhost:4100`. */
export function withScheme(text: string): string {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `http://${text}`
}

export function serviceUrl(text: string): string {
  const url = withScheme(text)
  if (!URL.canParse(url))
    throw new Error(`--url ${JSON.stringify(text)} is not a URL: give e.g. http://127.0.0.1:4100`)
  return url
}
