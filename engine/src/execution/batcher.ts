/**
 * Group commit: callers add items one at a time and await their own result, while the
 * batcher hands them to `flush` in batches. The first item of a quiet period is flushed on
 * the next turn of the event loop (so concurrent callers share it); items that arrive while
 * flushes are in flight wait for a free slot and go together. There is no timer: at low
 * load a batch is one item and costs one round trip, at high load a round trip carries
 * many items. When a batch fails, its items are tried again one by one, so one bad item
 * fails only its own caller.
 */
export class Batcher<In, Out> {
  private queue: Array<{ item: In; resolve: (value: Out) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly flush: (items: In[]) => Promise<Out[]>,
    private readonly options: {
      maxBatch?: number;
      concurrency?: number;
      /** Told each flush's size and duration (metrics). */
      observe?: (size: number, seconds: number) => void;
    } = {},
  ) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private async settle(batch: Array<{ item: In; resolve: (value: Out) => void; reject: (error: unknown) => void }>): Promise<void> {
    try {
      const results = await this.run(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index] as Out));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((entry) => this.run([entry.item]).then(([result]) => entry.resolve(result as Out), entry.reject)));
    }
  }

  private async run(items: In[]): Promise<Out[]> {
    const results = await this.flush(items);
    if (results.length !== items.length) throw new Error(`batch flush returned ${results.length} results for ${items.length} items`);
    return results;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= (this.options.concurrency ?? 2)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    const maxBatch = this.options.maxBatch ?? 500;
    while (this.queue.length > 0 && this.inFlight < (this.options.concurrency ?? 2)) {
      const batch = this.queue.splice(0, maxBatch);
      this.inFlight++;
      const started = performance.now();
      this.settle(batch)
        .catch((error: unknown) => batch.forEach((entry) => entry.reject(error)))
        .finally(() => {
          this.options.observe?.(batch.length, (performance.now() - started) / 1000);
          this.inFlight--;
          if (this.queue.length > 0) this.schedule();
        });
    }
  }
}
