/**
 * The best `capacity` rows offered, by score, ties broken by the lower row: a min-heap in typed
 * arrays whose root is the worst kept row, so a full heap tells the score to beat.
 */
export class TopKHeap {
  private readonly rows: Uint32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.rows = new Uint32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** True once `capacity` rows are kept. */
  get full(): boolean {
    return this.size === this.capacity;
  }

  /** The score of the worst kept row (meaningful once full). */
  get minScore(): number {
    return this.scores[0]!;
  }

  /** Keeps the row if it is among the best so far; true when kept. */
  offer(row: number, score: number): boolean {
    if (this.size < this.capacity) {
      this.rows[this.size] = row;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
      return true;
    }
    if (this.capacity === 0 || !this.worse(this.scores[0]!, this.rows[0]!, score, row)) return false;
    this.rows[0] = row;
    this.scores[0] = score;
    this.siftDown(0);
    return true;
  }

  /** The kept rows, best first. */
  sorted(): { row: number; score: number }[] {
    const hits = Array.from({ length: this.size }, (_, i) => ({ row: this.rows[i]!, score: this.scores[i]! }));
    return hits.sort((a, c) => c.score - a.score || a.row - c.row);
  }

  /** True when (scoreA, rowA) ranks below (scoreB, rowB). */
  private worse(scoreA: number, rowA: number, scoreB: number, rowB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && rowA > rowB);
  }

  private siftUp(child: number): void {
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.worse(this.scores[child]!, this.rows[child]!, this.scores[parent]!, this.rows[parent]!)) break;
      this.swap(parent, child);
      child = parent;
    }
  }

  private siftDown(parent: number): void {
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let worst = parent;
      if (left < this.size && this.worse(this.scores[left]!, this.rows[left]!, this.scores[worst]!, this.rows[worst]!)) worst = left;
      if (right < this.size && this.worse(this.scores[right]!, this.rows[right]!, this.scores[worst]!, this.rows[worst]!)) worst = right;
      if (worst === parent) return;
      this.swap(parent, worst);
      parent = worst;
    }
  }

  private swap(i: number, j: number): void {
    const { rows, scores } = this;
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    [scores[i], scores[j]] = [scores[j]!, scores[i]!];
  }
}
