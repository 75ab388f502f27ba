// Random bytes for ids and temporary names. Node's crypto module is loaded on first use: the
// commands that only read never need it, and loading it costs a tenth of Node's own start-up.
export function randomBytes(count: number): Buffer {
  return (process.getBuiltinModule('node:crypto') as typeof import('node:crypto')).randomBytes(count);
}
