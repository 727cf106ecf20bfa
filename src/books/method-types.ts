import type { QueryValue } from '../http/types.js';
import type { CallOptions } from './arguments.js';
import type { Operation, OperationParam } from './operation-shape.js';
import type { ListCall } from './pagination.js';

/**
 * Method types derived from an operations table by mapped types: one property per module, one method per
 * operation, named as the table names it. `Types` maps the table's schema names to generated interfaces; an
 * operation without a schema falls back to a plain record.
 *
 * The real client is typed by the explicit interfaces of generated/api.ts, which an editor can show; these
 * mapped types type `call()`, and any other table (tests hand the client small ones). A type test checks
 * that both give every operation of the generated table the same parameters and result.
 */
type AnyRecord = Record<string, unknown>;

/** What Zoho answers for an operation that returns no record: its code (0) and a message. */
export type Acknowledgement = { code: number; message: string } & Record<string, unknown>;

type ParamValue<P extends OperationParam> = P extends { readonly enum: readonly (infer E)[] }
  ? E
  : P['type'] extends 'integer' | 'number'
    ? number
    : P['type'] extends 'boolean'
      ? boolean
      : P['type'] extends 'array'
        ? readonly (string | number)[]
        : P['type'] extends 'object'
          ? AnyRecord
          : string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type PaginationQuery = { page?: number; per_page?: number };

/** Mirrors `takesQuery` (operation-shape.ts): a query argument only for operations that declare one or page. */
type TakesQuery<O extends Operation> = [O['query'][number]] extends [never] ? O['paginated'] : true;

type QueryOf<O extends Operation> = [O['query'][number]] extends [never] ? PaginationQuery : DeclaredQuery<O>;

type DeclaredQuery<O extends Operation> = Simplify<
  { [P in O['query'][number] as P['required'] extends true ? P['name'] : never]: ParamValue<P> } & {
    [P in O['query'][number] as P['required'] extends true ? never : P['name']]?: ParamValue<P>;
  } & (O['paginated'] extends true ? PaginationQuery : unknown)
>;

type SchemaType<Name, Types, Fallback> = Name extends keyof Types ? Types[Name] : Fallback;

type BodyOf<O extends Operation, Types> = O['body'] extends 'multipart'
  ? FormData | AnyRecord
  : SchemaType<O['requestSchema'], Types, AnyRecord>;

/** One record under the response key (a list's item). */
type ItemOf<O extends Operation, Types> = SchemaType<O['responseSchema'], Types, AnyRecord>;

/** What a call resolves to: the value under the response key, or the envelope when there is none. */
type ResultOf<O extends Operation, Types> = O['responseKey'] extends string
  ? O['responseKind'] extends 'list'
    ? ItemOf<O, Types>[]
    : ItemOf<O, Types>
  : Acknowledgement;

type PathArgs<P extends readonly string[]> = { [K in keyof P]: string };

type QueryRequired<O extends Operation> = true extends O['query'][number]['required'] ? true : false;

type QueryArgs<O extends Operation> =
  TakesQuery<O> extends false
    ? [options?: CallOptions]
    : QueryRequired<O> extends true
      ? [query: QueryOf<O>, options?: CallOptions]
      : [query?: QueryOf<O>, options?: CallOptions];

/** An optional body followed by a required query cannot be optional itself: it takes `undefined` then. */
type BodyArgs<O extends Operation, Types> = O['body'] extends 'none'
  ? []
  : O['bodyRequired'] extends true
    ? [body: BodyOf<O, Types>]
    : QueryRequired<O> extends true
      ? [body: BodyOf<O, Types> | undefined]
      : [body?: BodyOf<O, Types>];

export type ArgsOf<O extends Operation, Types> = [
  ...PathArgs<O['pathParams']>,
  ...BodyArgs<O, Types>,
  ...QueryArgs<O>,
];

export type ReturnOf<O extends Operation, Types> = O['paginated'] extends true
  ? ListCall<ItemOf<O, Types>>
  : Promise<ResultOf<O, Types>>;

type MethodOf<O extends Operation, Types> = (...args: ArgsOf<O, Types>) => ReturnOf<O, Types>;

type ModuleOf<T extends readonly Operation[], M extends string, Types> = {
  readonly [O in Extract<T[number], { readonly module: M }> as O['name']]: MethodOf<O, Types>;
};

export type BooksModules<T extends readonly Operation[], Types> = {
  readonly [M in T[number]['module']]: ModuleOf<T, M, Types>;
};

/** The operation of an id; with a table whose literals were widened (ids typed `string`), any operation. */
export type OperationById<T extends readonly Operation[], I extends string> = string extends T[number]['id']
  ? T[number]
  : Extract<T[number], { readonly id: I }>;

/** The raw escape hatch's query: any parameter, as Zoho takes it. */
export type RawQuery = Record<string, QueryValue>;
