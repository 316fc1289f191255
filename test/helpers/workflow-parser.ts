import { register } from 'node:module';

// GitHub's parser imports its JSON schema without `with { type: 'json' }`, which Node refuses; this
// resolve hook adds the attribute for .json files (the parser itself is used unmodified).
register(
  `data:text/javascript,${encodeURIComponent(
    'export async function resolve(specifier, context, next) {' +
      ' const result = await next(specifier, context);' +
      " return result.url.endsWith('.json') ? { ...result, importAttributes: { type: 'json' } } : result; }",
  )}`,
);
const { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } = await import('@actions/workflow-parser');

/** Errors of GitHub's own workflow parser and template conversion (empty when the workflow is valid), and job ids. */
export async function checkWorkflow(name: string, content: string): Promise<{ errors: string[]; jobs: string[] }> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value) return { errors: errors.length > 0 ? errors : ['no workflow'], jobs: [] };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return {
    errors: [...errors, ...(template.errors ?? []).map((e) => e.Message)],
    jobs: (template.jobs ?? []).map((job) => job.id.value),
  };
}

const actions = await import('@actions/workflow-parser/actions/index');

/** Errors of GitHub's action.yml parser (schema) and converter, and the converted template's step ids. */
export function checkActionFile(name: string, content: string): { errors: string[]; steps: string[] } {
  const parsed = actions.parseAction({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value) return { errors: errors.length > 0 ? errors : ['no action'], steps: [] };
  const template = actions.convertActionTemplate(parsed.context, parsed.value);
  const after = parsed.context.errors.getErrors().map((e) => e.message);
  const runs = (template.runs ?? {}) as { steps?: { id: string }[] };
  return { errors: [...new Set([...errors, ...after])], steps: (runs.steps ?? []).map((s) => s.id) };
}
