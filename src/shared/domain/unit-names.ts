/** Builds the name index offices' spreadsheets are resolved against (县政府办 = 云溪县人民政府办公室). */
export function unitNameIndex(
  units: { name: string; shortName: string | null; aliases: string[] }[],
): Map<string, string | null> {
  const index = new Map<string, string | null>();
  for (const u of units) index.set(u.name, u.name);
  for (const u of units) {
    for (const label of [u.shortName, ...u.aliases]) {
      if (!label || index.get(label) === label) continue;
      // A label two units share resolves to neither: the row must use the full name.
      index.set(label, index.has(label) && index.get(label) !== u.name ? null : u.name);
    }
  }
  return index;
}
