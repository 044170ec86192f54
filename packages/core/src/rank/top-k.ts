/**
 * The `k` rows with the highest scores, best first, ties broken by the lower row. A bounded
 * min-heap keeps this O(n log k) however many rows matched.
 */
export function topK(rows: ArrayLike<number>, scoreOf: (row: number) => number, k: number): number[] {
  const better = (a: number, b: number) => {
    const difference = scoreOf(a) - scoreOf(b);
    return difference > 0 || (difference === 0 && a < b);
  };
  const heap: number[] = [];
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (heap.length < k) {
      heap.push(row);
      for (let child = heap.length - 1; child > 0; ) {
        const parent = (child - 1) >> 1;
        if (!better(heap[parent]!, heap[child]!)) break;
        swap(parent, child);
        child = parent;
      }
    } else if (k > 0 && better(row, heap[0]!)) {
      heap[0] = row;
      for (let parent = 0; ; ) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let worst = parent;
        if (left < heap.length && better(heap[worst]!, heap[left]!)) worst = left;
        if (right < heap.length && better(heap[worst]!, heap[right]!)) worst = right;
        if (worst === parent) break;
        swap(parent, worst);
        parent = worst;
      }
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1));
}
