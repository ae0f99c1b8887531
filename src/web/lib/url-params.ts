/**
 * The address's parameters with one changed (a list's filters live in the address, so a link or a reload keeps
 * them): a value sets it, none removes it; `firstPage` also goes back to the first page, as a new filter should.
 */
export function withParam(params: URLSearchParams, key: string, value: string | undefined, firstPage = false) {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  if (firstPage && key !== 'page') next.delete('page');
  return next;
}
