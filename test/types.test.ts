/**
 * The typed public API, checked by the compiler: test/fixtures/types/public-api.ts must compile
 * (a valid literal of every problem type, typed results, untyped JSON accepted), and each of its
 * `@ts-expect-error` lines must really be an error — an `mclp` without `radius` first of all. The
 * fixture is compiled twice with the TypeScript API against the sources (`@siting/core` →
 * packages/core/src, as in tsconfig.json): as written (no diagnostics: an expected error that
 * disappears leaves its directive unused, TS2578), and with the directives removed (an error on
 * exactly the line after each directive, with the message the comment promises where it matters).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = resolve(root, "test/fixtures/types/public-api.ts");

function compilerOptions(): ts.CompilerOptions {
  const configPath = resolve(root, "tsconfig.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

/** Compiles the fixture (its text replaced by `text`); returns its diagnostics as `line: message`. */
function compile(text: string, options: ts.CompilerOptions, old?: ts.Program): { program: ts.Program; errors: { line: number; code: number; message: string }[] } {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) =>
    resolve(name) === fixture ? ts.createSourceFile(name, text, lang, true) : getSourceFile(name, lang, onError, create);
  const program = ts.createProgram({ rootNames: [fixture], options, host, oldProgram: old });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const file = d.file?.fileName ?? "";
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    return { line: resolve(file) === fixture ? line : -1, code: d.code, message: resolve(file) === fixture ? message : `${file}: ${message}` };
  });
  return { program, errors };
}

describe("typed public API (tsc on test/fixtures/types/public-api.ts)", () => {
  const source = readFileSync(fixture, "utf8");
  const lines = source.split("\n");
  const directives = lines.flatMap((l, k) => (/^\s*\/\/ @ts-expect-error/.test(l) ? [k + 1] : []));
  const options = compilerOptions();
  let first: ts.Program | undefined;

  it("compiles as written: every expected error is there, nothing else fails", () => {
    expect(directives.length).toBeGreaterThanOrEqual(10);
    const { program, errors } = compile(source, options);
    first = program;
    expect(errors.map((e) => `${e.line}: TS${e.code} ${e.message}`)).toEqual([]);
  }, 120_000);

  it("without the directives, each marked line is an error; an mclp without radius is one for its radius", () => {
    const stripped = lines.map((l) => (/^\s*\/\/ @ts-expect-error/.test(l) ? "" : l)).join("\n");
    const { errors } = compile(stripped, options, first);
    expect(errors.filter((e) => e.line === -1)).toEqual([]);
    const errorLines = new Set(errors.map((e) => e.line));
    for (const d of directives) expect(errorLines.has(d + 1), `no error on line ${d + 1}: ${lines[d].trim()}`).toBe(true);
    // and none elsewhere
    expect(errors.filter((e) => !directives.includes(e.line - 1)).map((e) => `${e.line}: ${e.message}`)).toEqual([]);

    const mclp = lines.findIndex((l) => l.includes('{ type: "mclp", p: 3 }')) + 1;
    expect(mclp).toBeGreaterThan(0);
    expect(errors.filter((e) => e.line === mclp).map((e) => e.message).join("\n")).toMatch(/Property 'radius' is missing/);
    const foreign = lines.findIndex((l) => l.includes('{ type: "pmedian", p: 2, reach: 1000 }')) + 1;
    expect(errors.filter((e) => e.line === foreign).map((e) => e.message).join("\n")).toMatch(/'reach' does not exist/);
  }, 120_000);
});
