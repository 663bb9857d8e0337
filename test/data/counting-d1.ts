/**
 * The real D1 binding, counting round trips: each `all`, `run`, `first` or `raw` of a prepared
 * statement, each `batch` and each `exec` is one trip to the database, however many statements it
 * carries. Sessions (`withSession`) count into the same tally.
 */
export interface CountingD1 {
  d1: D1Database;
  /** Round trips so far. */
  trips: () => number;
}

const STATEMENT_TRIPS = new Set(["all", "run", "first", "raw"]);

export const countingD1 = (real: D1Database): CountingD1 => {
  let trips = 0;
  const unwrapped = new WeakMap<object, D1PreparedStatement>();

  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property === "bind") {
          return (...values: unknown[]) => wrapStatement(target.bind(...values));
        }
        if (typeof property === "string" && STATEMENT_TRIPS.has(property)) {
          return (...args: unknown[]) => {
            trips++;
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    unwrapped.set(proxy, statement);
    return proxy;
  };

  const unwrap = (statement: D1PreparedStatement) => unwrapped.get(statement) ?? statement;

  /** The binding and its sessions share prepare/batch; both are wrapped the same way. */
  const wrapDatabase = <T extends D1Database | D1DatabaseSession>(database: T): T =>
    new Proxy(database, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        switch (property) {
          case "prepare":
            return (query: string) => wrapStatement(target.prepare(query));
          case "batch":
            return (statements: D1PreparedStatement[]) => {
              trips++;
              return target.batch(statements.map(unwrap));
            };
          case "exec":
            return (query: string) => {
              trips++;
              return (target as D1Database).exec(query);
            };
          case "withSession":
            return (constraint?: string) => wrapDatabase((target as D1Database).withSession(constraint));
          default:
            return value.bind(target);
        }
      },
    });

  return { d1: wrapDatabase(real), trips: () => trips };
};
