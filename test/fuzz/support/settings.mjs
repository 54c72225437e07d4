// Fuzz settings from the environment. The defaults are the CI run: a fixed seed, one round of mutations, budgets
// generous enough for a loaded two-core machine (the engine's own bounds keep real work far below them).
//
//   FUZZ_SEED         seed string (default "palisade-ci-1"); a failing case id contains it
//   FUZZ_ROUNDS       mutations per seed file (default 1; the long run uses 25)
//   FUZZ_ONLY         run only the cases whose id contains this text (to replay one failure)
//   FUZZ_BUDGET_SCALE multiply every time budget (slow machines, coverage runs)

export function fuzzSettings() {
  const scale = Number(process.env.FUZZ_BUDGET_SCALE) > 0 ? Number(process.env.FUZZ_BUDGET_SCALE) : 1;
  return {
    seed: process.env.FUZZ_SEED || 'palisade-ci-1',
    rounds: Math.max(1, Number(process.env.FUZZ_ROUNDS) || 1),
    /** A hostile file of up to 5 MB: parse, bounded rules, or the skip. */
    hostileBudgetMs: 20_000 * scale,
    /** A mutated fixture or corpus file, with all the checks (several lints, fixes applied). */
    mutationBudgetMs: 10_000 * scale,
    /** One CLI scan of the whole hostile workspace. */
    cliBudgetMs: 240_000 * scale,
    scale,
  };
}
