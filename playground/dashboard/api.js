// The dashboard's only way to the data: the public GraphQL endpoint, with
// the operations in /dashboard/queries/*.graphql (the same files the tests
// run against the seeds).

const texts = new Map();

function operation(name) {
  if (!texts.has(name)) {
    const loaded = fetch(`/dashboard/queries/${name}.graphql`).then((response) => {
      if (!response.ok) throw new Error(`${name}.graphql: HTTP ${response.status}`);
      return response.text();
    });
    // A failed load is not remembered: the next call tries again.
    loaded.catch(() => texts.delete(name));
    texts.set(name, loaded);
  }
  return texts.get(name);
}

/** A GraphQL error answer, with the first error's `extensions`. */
export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
    this.diagnostics = errors[0]?.extensions?.diagnostics ?? [];
  }
}

async function answer(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`HTTP ${response.status}`);
  }
  if (body.errors?.length) throw new GraphQLError(body.errors);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return body.data;
}

/** Runs the operation `queries/<name>.graphql` with `variables`; resolves to `data`. */
export async function run(name, variables = {}, { token } = {}) {
  const query = await operation(name);
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return answer(response);
}

/**
 * Runs an operation with one file bound to `variables.file`, by the GraphQL
 * multipart request spec (the server tells the format by the bytes).
 */
export async function runWithFile(name, variables, file, { token } = {}) {
  const query = await operation(name);
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', file, file.name);
  const headers = { Accept: 'application/graphql-response+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return answer(await fetch('/graphql', { method: 'POST', headers, body: form }));
}
