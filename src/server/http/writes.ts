/**
 * Successful writes through this instance's API, for the modules that keep read results in memory (the cockpit):
 * they drop what they keep when a write has been answered. Writes made by another instance, or by jobs, are
 * seen when what is kept expires.
 */
export interface WriteSignal {
  on(listener: () => void): () => void;
  emit(): void;
}

export function createWriteSignal(): WriteSignal {
  const listeners = new Set<() => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit() {
      for (const l of listeners) l();
    },
  };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A request that may have changed data and was not refused. */
export const isAnsweredWrite = (method: string, status: number) => !READS.has(method) && status < 400;
