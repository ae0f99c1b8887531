/**
 * What an uploaded spreadsheet or Word file may unpack to. A county's largest real import (a year of indicator
 * values, every person of every unit) is a few thousand rows and a few MB of XML; these leave wide room above
 * that and far below what stalls the server (a 430 KB file holding 147 MB of sheet XML, 3 million rows).
 */
export const FILE_LIMITS = {
  /** Sum of a ZIP's declared uncompressed sizes. */
  unpackedMb: 64,
  /** Parts in a ZIP: an .xlsx has a dozen, a .docx with pictures a few dozen. */
  entries: 2000,
  /**
   * Largest uncompressed/compressed ratio of a part over 8 MB: real sheet XML packs 5-30:1, a zip bomb ~1000:1.
   * Smaller parts may pack tighter honestly (one long repeated cell); the size and row limits bound them.
   */
  ratio: 100,
  ratioFloorBytes: 8 * 1024 * 1024,
  /** Non-empty rows over all sheets, and cells over all rows. */
  rows: 50_000,
  cells: 1_000_000,
  /** word/document.xml, inflated. */
  documentXmlMb: 32,
  /** Reading happens in a worker thread with this heap and is stopped after this long. */
  workerHeapMb: 384,
  seconds: 30,
  /** Workers reading at once (the machine has few cores); others wait their turn. */
  concurrent: 2,
} as const;

export type FileLimits = { -readonly [K in keyof typeof FILE_LIMITS]: number };
