/** Which source sentences go with which target sentences (n:m, either side may be empty), with a confidence in [0, 1]. */
export interface AlignmentLink {
  source: number[];
  target: number[];
  confidence: number;
}
