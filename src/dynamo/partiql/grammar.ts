/**
 * DynamoDB's PartiQL dialect as a PEG grammar (peggy). Builds the nodes of ast.ts. Keywords are
 * case-insensitive; names that are keywords or hold other characters are written in double
 * quotes ("my-table"), strings in single quotes, sets as <<...>>, parameters as `?`.
 */
export const PARTIQL_GRAMMAR = String.raw`
Start = _ s:Statement _ ";"? _ !. { return s; }

Statement = Select / Insert / Update / Delete / Exists

Select = SELECT _ p:Projection _ FROM _ t:Target w:(_ WHERE _ c:Condition { return c; })? o:(_ ORDER _ BY _ k:Path d:(_ x:(ASC / DESC) { return x; })? { return { path: k, desc: d === "DESC" }; })?
  { return { kind: "select", projection: p, table: t.table, index: t.index, where: w ?? undefined, orderBy: o ?? undefined }; }

Projection = "*" { return "*"; }
  / h:Path t:(_ "," _ p:Path { return p; })* { return [h, ...t]; }

Target = t:Name i:("." n:Name { return n; })? { return { table: t, index: i ?? undefined }; }

Insert = INSERT _ INTO _ t:Name _ VALUE _ v:Value { return { kind: "insert", table: t, item: v }; }

Update = UPDATE _ t:Name _ a:UpdateActions _ WHERE _ w:Condition r:(_ x:Returning { return x; })?
  { return { kind: "update", table: t, actions: a, where: w, returning: r ?? undefined }; }

UpdateActions = h:UpdateAction t:(_ a:UpdateAction { return a; })* { return [h, ...t].flat(); }

UpdateAction = SET _ h:Assignment t:(_ "," _ a:Assignment { return a; })* { return [h, ...t]; }
  / REMOVE _ p:Path { return [{ kind: "remove", path: p }]; }

Assignment = p:Path _ "=" _ v:SetValue { return { kind: "set", path: p, value: v }; }

SetValue = l:Operand _ op:("+" / "-") _ r:Operand { return { kind: "arith", op, left: l, right: r }; }
  / Operand

Delete = DELETE _ FROM _ t:Name _ WHERE _ w:Condition r:(_ x:Returning { return x; })?
  { return { kind: "delete", table: t, where: w, returning: r ?? undefined }; }

Returning = RETURNING _ w:(ALL / MODIFIED) _ a:(OLD / NEW) _ "*" { return (w === "ALL" ? "ALL_" : "UPDATED_") + a; }

Exists = EXISTS _ "(" _ s:Select _ ")" { return { kind: "exists", select: s }; }

Condition = h:And t:(_ OR _ x:And { return x; })* { return t.reduce((left, right) => ({ kind: "or", left, right }), h); }

And = h:Not t:(_ AND _ x:Not { return x; })* { return t.reduce((left, right) => ({ kind: "and", left, right }), h); }

Not = NOT _ c:Not { return { kind: "not", operand: c }; }
  / Predicate

Predicate = "(" _ c:Condition _ ")" { return c; }
  / o:Operand _ BETWEEN _ lo:Operand _ AND _ hi:Operand { return { kind: "between", operand: o, low: lo, high: hi }; }
  / o:Operand _ n:(NOT _)? IN _ l:InList { return { kind: "in", operand: o, list: l, negated: n !== null }; }
  / o:Operand _ IS _ n:(NOT _)? t:(MISSING / NULL) { return { kind: "is", operand: o, test: t, negated: n !== null }; }
  / l:Operand _ op:CompareOp _ r:Operand { return { kind: "compare", op, left: l, right: r }; }
  / Call

CompareOp = "<>" { return "<>"; } / "!=" { return "<>"; } / "<=" / ">=" / "=" / "<" / ">"

InList = "[" _ l:Operands? _ "]" { return l ?? []; }
  / "(" _ l:Operands? _ ")" { return l ?? []; }

Operands = h:Operand t:(_ "," _ o:Operand { return o; })* { return [h, ...t]; }

Operand = Call / Value / Path

Call = n:$([A-Za-z_]+) _ "(" _ a:Operands? _ ")" { return { kind: "call", name: n.toLowerCase(), args: a ?? [] }; }

Path = h:Name t:PathStep* { return { kind: "path", elements: [h, ...t] }; }

PathStep = _ "." _ n:Name { return n; }
  / _ "[" _ i:$([0-9]+) _ "]" { return Number(i); }

Name = QuotedName / BareName

QuotedName = '"' c:('""' { return '"'; } / [^"])* '"' { return c.join(""); }

BareName = !Keyword n:$([A-Za-z_] [A-Za-z0-9_]*) { return n; }

Value = Param / String / Number / Boolean / Null / Map / List / Set

Param = "?" { return { kind: "param", offset: location().start.offset }; }

String = "'" c:("''" { return "'"; } / [^'])* "'" { return { kind: "scalar", value: { S: c.join("") } }; }

Number = n:$("-"? ([0-9]+ ("." [0-9]*)? / "." [0-9]+) ([eE] [+-]? [0-9]+)?) !IdChar { return { kind: "scalar", value: { N: n } }; }

Boolean = TRUE { return { kind: "scalar", value: { BOOL: true } }; }
  / FALSE { return { kind: "scalar", value: { BOOL: false } }; }

Null = NULL { return { kind: "scalar", value: { NULL: true } }; }

Map = "{" _ e:(h:Entry t:(_ "," _ x:Entry { return x; })* { return [h, ...t]; })? _ "}" { return { kind: "map", entries: e ?? [] }; }

Entry = k:String _ ":" _ v:Value { return [k.value.S, v]; }

List = "[" _ l:Values? _ "]" { return { kind: "list", items: l ?? [] }; }

Set = "<<" _ l:Values? _ ">>" { return { kind: "set", items: l ?? [] }; }

Values = h:Value t:(_ "," _ v:Value { return v; })* { return [h, ...t]; }

Keyword = (SELECT / FROM / WHERE / INSERT / INTO / VALUE / UPDATE / SET / REMOVE / DELETE / AND / OR / NOT / BETWEEN / IN / IS / MISSING / NULL / TRUE / FALSE / ORDER / BY / ASC / DESC / RETURNING / EXISTS)

IdChar = [A-Za-z0-9_]

SELECT = "SELECT"i !IdChar
FROM = "FROM"i !IdChar
WHERE = "WHERE"i !IdChar
INSERT = "INSERT"i !IdChar
INTO = "INTO"i !IdChar
VALUE = "VALUE"i !IdChar
UPDATE = "UPDATE"i !IdChar
SET = "SET"i !IdChar
REMOVE = "REMOVE"i !IdChar
DELETE = "DELETE"i !IdChar
AND = "AND"i !IdChar
OR = "OR"i !IdChar
NOT = "NOT"i !IdChar
BETWEEN = "BETWEEN"i !IdChar
IN = "IN"i !IdChar
IS = "IS"i !IdChar
MISSING = "MISSING"i !IdChar { return "MISSING"; }
NULL = "NULL"i !IdChar { return "NULL"; }
TRUE = "TRUE"i !IdChar
FALSE = "FALSE"i !IdChar
ORDER = "ORDER"i !IdChar
BY = "BY"i !IdChar
ASC = "ASC"i !IdChar { return "ASC"; }
DESC = "DESC"i !IdChar { return "DESC"; }
RETURNING = "RETURNING"i !IdChar
ALL = "ALL"i !IdChar { return "ALL"; }
MODIFIED = "MODIFIED"i !IdChar { return "MODIFIED"; }
OLD = "OLD"i !IdChar { return "OLD"; }
NEW = "NEW"i !IdChar { return "NEW"; }
EXISTS = "EXISTS"i !IdChar

_ = [ \t\r\n]*
`;
