// An evaluator of the CloudWatch Logs filter pattern syntax for JSON log events, so that every
// metric filter this project deploys can be checked against recorded CloudTrail events offline.
//
// Semantics follow AWS's "Filter pattern syntax for metric filters" (CloudWatch Logs User Guide,
// "Matching terms in JSON log events"); where the page is silent the choice is written down here:
// - `{ SELECTOR OP VALUE }`, combined with `&&` and `||`; parentheses allowed; precedence
//   () > && > || ("the syntax follows standard order of operations").
// - SELECTOR: `$` then `.name` (letters, digits, `_`, `-`) and `[N]` steps: `$.a.b[0]`, `$.c[0][1]`.
// - "The SELECTOR must point to a value node (string or number). If it points to an array or
//   object, the filter will not be applied": a comparison (=, !=, <, ...) on an object, an array,
//   or a property that does not exist is false, for `!=` too. `NOT EXISTS` and `IS NULL` are the
//   ways to test absence and null.
// - String values, quoted or not, compare case-sensitively; `*` at the start and/or end is a
//   wildcard ("*Event matches PutEvent ... Ev*ent will only match the actual string Ev*ent").
//   `= *` alone matches any value node.
// - An unquoted number compares numerically with a number node (`$.user.id = 1`); numeric
//   operators (<, >, <=, >=) apply to number nodes only. Scientific notation and a leading +/- are
//   accepted in numbers.
// - `IS TRUE` / `IS FALSE` match boolean nodes.
// A pattern that is not valid syntax throws a FilterPatternSyntaxError naming the position.

export class FilterPatternSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly position: number,
    problem: string,
  ) {
    super(`filter pattern ${JSON.stringify(pattern)} at ${position}: ${problem}`);
    this.name = 'FilterPatternSyntaxError';
  }
}

type Step = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'index'; readonly index: number };
type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';
type Literal = { readonly text: string; readonly quoted: boolean };

type Expression =
  | { readonly kind: 'or' | 'and'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'compare'; readonly selector: readonly Step[]; readonly operator: Operator; readonly value: Literal }
  | { readonly kind: 'notExists' | 'exists' | 'isNull' | 'isTrue' | 'isFalse'; readonly selector: readonly Step[] };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

class Parser {
  private position = 0;

  constructor(private readonly pattern: string) {}

  parse(): Expression {
    this.skipSpace();
    this.expect('{');
    const expression = this.parseOr();
    this.skipSpace();
    this.expect('}');
    this.skipSpace();
    if (this.position !== this.pattern.length) this.fail('unexpected text after the closing brace');
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.take('||')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parsePrimary();
    while (this.take('&&')) left = { kind: 'and', left, right: this.parsePrimary() };
    return left;
  }

  private parsePrimary(): Expression {
    if (this.take('(')) {
      const inner = this.parseOr();
      this.skipSpace();
      this.expect(')');
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): Expression {
    const selector = this.parseSelector();
    this.skipSpace();
    for (const [words, kind] of [
      ['NOT EXISTS', 'notExists'],
      ['EXISTS', 'exists'],
      ['IS NULL', 'isNull'],
      ['IS TRUE', 'isTrue'],
      ['IS FALSE', 'isFalse'],
    ] as const) {
      if (this.takeWords(words)) return { kind, selector };
    }
    const operator = this.parseOperator();
    this.skipSpace();
    return { kind: 'compare', selector, operator, value: this.parseLiteral() };
  }

  private parseSelector(): Step[] {
    this.skipSpace();
    this.expect('$');
    const steps: Step[] = [];
    for (;;) {
      const char = this.pattern[this.position];
      if (char === '.') {
        this.position += 1;
        const name = /^[A-Za-z0-9_-]+/.exec(this.pattern.slice(this.position))?.[0];
        if (!name) this.fail('expected a property name after "."');
        this.position += name.length;
        steps.push({ kind: 'property', name });
      } else if (char === '[') {
        const digits = /^\[(\d+)\]/.exec(this.pattern.slice(this.position));
        if (!digits) this.fail('expected [NUMBER]');
        this.position += digits[0].length;
        steps.push({ kind: 'index', index: Number(digits[1]) });
      } else {
        break;
      }
    }
    if (steps.length === 0) this.fail('a selector needs at least one property after $');
    return steps;
  }

  private parseOperator(): Operator {
    for (const operator of ['!=', '<=', '>=', '=', '<', '>'] as const) {
      if (this.pattern.startsWith(operator, this.position)) {
        this.position += operator.length;
        return operator;
      }
    }
    return this.fail('expected one of = != < > <= >= NOT EXISTS IS NULL IS TRUE IS FALSE');
  }

  private parseLiteral(): Literal {
    if (this.pattern[this.position] === '"') {
      let text = '';
      for (let i = this.position + 1; i < this.pattern.length; i += 1) {
        const char = this.pattern[i];
        if (char === '\\' && i + 1 < this.pattern.length) {
          text += this.pattern[i + 1];
          i += 1;
        } else if (char === '"') {
          this.position = i + 1;
          return { text, quoted: true };
        } else {
          text += char;
        }
      }
      this.fail('unterminated quoted string');
    }
    const token = /^[^\s()}&|]+/.exec(this.pattern.slice(this.position))?.[0];
    if (!token) this.fail('expected a value');
    this.position += token.length;
    return { text: token, quoted: false };
  }

  private take(token: string): boolean {
    this.skipSpace();
    if (!this.pattern.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  private takeWords(words: string): boolean {
    const parts = words.split(' ');
    let at = this.position;
    for (const part of parts) {
      while (/\s/.test(this.pattern[at] ?? '')) at += 1;
      if (!this.pattern.startsWith(part, at)) return false;
      at += part.length;
      if (/[A-Za-z0-9_]/.test(this.pattern[at] ?? '')) return false;
    }
    this.position = at;
    return true;
  }

  private expect(token: string): void {
    if (!this.pattern.startsWith(token, this.position)) this.fail(`expected "${token}"`);
    this.position += token.length;
  }

  private skipSpace(): void {
    while (/\s/.test(this.pattern[this.position] ?? '')) this.position += 1;
  }

  private fail(problem: string): never {
    throw new FilterPatternSyntaxError(this.pattern, this.position, problem);
  }
}

const MISSING = Symbol('missing');

function select(event: unknown, steps: readonly Step[]): unknown {
  let node: unknown = event;
  for (const step of steps) {
    if (step.kind === 'property') {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, step.name)) return MISSING;
      node = (node as Record<string, unknown>)[step.name];
    } else {
      if (!Array.isArray(node) || step.index >= node.length) return MISSING;
      node = node[step.index];
    }
  }
  return node;
}

function matchesText(actual: string, expected: string): boolean {
  if (expected === '*') return true;
  const leading = expected.startsWith('*');
  const trailing = expected.length > 1 && expected.endsWith('*');
  const core = expected.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return actual.includes(core);
  if (leading) return actual.endsWith(core);
  if (trailing) return actual.startsWith(core);
  return actual === core;
}

function equals(node: string | number | boolean, literal: Literal): boolean {
  if (typeof node === 'number' && !literal.quoted && NUMBER.test(literal.text)) return node === Number(literal.text);
  return matchesText(String(node), literal.text);
}

function compare(node: unknown, operator: Operator, literal: Literal): boolean {
  const isValueNode = typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean';
  if (!isValueNode) return false;
  switch (operator) {
    case '=':
      return equals(node, literal);
    case '!=':
      return !equals(node, literal);
    default: {
      if (typeof node !== 'number' || literal.quoted || !NUMBER.test(literal.text)) return false;
      const bound = Number(literal.text);
      if (operator === '<') return node < bound;
      if (operator === '>') return node > bound;
      if (operator === '<=') return node <= bound;
      return node >= bound;
    }
  }
}

function evaluate(expression: Expression, event: unknown): boolean {
  switch (expression.kind) {
    case 'or':
      return evaluate(expression.left, event) || evaluate(expression.right, event);
    case 'and':
      return evaluate(expression.left, event) && evaluate(expression.right, event);
    case 'compare':
      return compare(select(event, expression.selector), expression.operator, expression.value);
    case 'notExists':
      return select(event, expression.selector) === MISSING;
    case 'exists':
      return select(event, expression.selector) !== MISSING;
    case 'isNull':
      return select(event, expression.selector) === null;
    case 'isTrue':
      return select(event, expression.selector) === true;
    case 'isFalse':
      return select(event, expression.selector) === false;
  }
}

/** A compiled JSON filter pattern: parse once, test many events. */
export interface CompiledFilterPattern {
  readonly pattern: string;
  /** True when the log event (a JSON string or an already-parsed value) matches. */
  matches(logEvent: string | object): boolean;
}

export function compileFilterPattern(pattern: string): CompiledFilterPattern {
  const expression = new Parser(pattern).parse();
  return {
    pattern,
    matches(logEvent) {
      let event: unknown = logEvent;
      if (typeof logEvent === 'string') {
        try {
          event = JSON.parse(logEvent);
        } catch {
          return false; // JSON patterns never match a log event that is not JSON
        }
      }
      return event !== null && typeof event === 'object' && evaluate(expression, event);
    },
  };
}

export function matchesFilterPattern(pattern: string, logEvent: string | object): boolean {
  return compileFilterPattern(pattern).matches(logEvent);
}
