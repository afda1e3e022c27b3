import { readFile } from "node:fs/promises";
import { z } from "zod";

/** The question-set format of `../shared/eval/questions.json`, plus an optional category. */
export const EvalCaseSchema = z.object({
  id: z.string(),
  category: z.string().optional(),
  command: z.enum(["deal", "ask"]),
  options: z.record(z.string(), z.string()),
  expect: z.object({
    sources: z.array(z.string()).optional(),
    sources_any: z.boolean().optional(),
    phrases: z.array(z.string()).optional(),
    abstain: z.enum(["lenient", "strict"]).optional(),
  }),
});
export type EvalCase = z.infer<typeof EvalCaseSchema>;

export async function readCases(file: string): Promise<EvalCase[]> {
  const data = JSON.parse(await readFile(file, "utf8"));
  return z.object({ cases: z.array(EvalCaseSchema) }).parse(data).cases;
}
