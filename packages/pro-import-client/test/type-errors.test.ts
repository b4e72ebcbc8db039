import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The compiler's messages for a snippet that imports the package's source, as a user's editor would show them. */
function diagnostics(code: string): string[] {
  const file = join(HERE, '__snippet__.ts');
  const config = ts.getParsedCommandLineOfConfigFile(join(HERE, '..', 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const options = { ...config?.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? code : readFile(name));
  host.fileExists = (name) => name === file || fileExists(name);
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, code, version) : getSourceFile(name, version, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('type errors a user sees', () => {
  it('a title on a car names the documented rule, not `undefined`', () => {
    const messages = diagnostics(`
      import { createProImportClient } from '../src/index.js';
      const client = createProImportClient({ token: 't' });
      void client.car.create({ source_id: 'car-1', category_id: 1020, title: 'Volvo XC60', category_fields: { registration_number: 'ABC123', brand: 'volvo', model: 'xc60' } });
    `);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      `Type 'string' is not assignable to type 'Forbidden<"title: must not be sent for a registered vehicle: the title is generated automatically (400 if sent)">'`,
    );
    expect(messages[0]).not.toContain("type 'undefined'");
  }, 60_000);
});
