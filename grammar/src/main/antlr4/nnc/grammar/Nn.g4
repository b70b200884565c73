// The .nn language. docs/language.md is the reference; this file is its syntax.
// No actions, visitor only: nnc.compiler.syntax.AstBuilder is the one class that reads these trees.
// Every alternative of a rule with several alternatives carries a label.
grammar Nn;

program
    : decl* EOF
    ;

decl
    : 'model' name=ID '{' stmt* '}'                                     # modelDecl
    | 'block' name=ID '(' (blockParam (',' blockParam)* ','?)? ')' '{' stmt* '}' # blockDecl
    | 'train' name=ID '{' trainEntry* '}'                               # trainDecl
    ;

// One statement rule for models and blocks: the checker says which kinds a body may hold,
// which gives better messages than a syntax error would.
stmt
    : 'input' name=ID ':' tensorType ';'?                 # inputStmt
    | 'target' name=ID ':' tensorType ';'?                # targetStmt
    | 'param' name=ID ':' tensorType ('=' init=expr)? ';'? # paramStmt
    | 'state' name=ID ':' tensorType ('=' init=expr)? ';'? # stateStmt
    | 'output' name=ID ('=' value=expr)? ';'?             # outputStmt
    | 'return' value=expr ';'?                            # returnStmt
    | name=ID '=' value=expr ';'?                         # bindStmt
    | 'for' var=ID 'in' range=ID '(' count=expr ')' '{' stmt* '}' # forStmt
    | name=ID '[' index=ID ']' '=' value=expr ';'?        # collectStmt
    ;

blockParam
    : name=ID (':' tensorType)?
    ;

// f32 (default), f64 or i32 before the shape: i32[batch], [batch, 784], [] (a scalar).
tensorType
    : dtype=ID? '[' (dim (',' dim)*)? ']'
    ;

dim
    : INT     # fixedDim
    | ID      # namedDim
    ;

// schedule = warmup(100) then cosine(1000)
trainEntry
    : key=ID '=' expr ('then' expr)* ';'?
    ;

// Precedence, loosest first: + -, then * / @, then unary minus, then ^ (right associative),
// then calls and paths. So -x^2 is -(x^2) and 2^-1 is 2^(-1).
expr
    : atom                                      # atomExpr
    | <assoc=right> expr op='^' expr            # powExpr
    | op='-' expr                               # negExpr
    | expr op=('*' | '/' | '@') expr            # mulExpr
    | expr op=('+' | '-') expr                  # addExpr
    ;

atom
    : number=(INT | FLOAT)                      # numberAtom
    | STRING                                    # stringAtom
    | value=('true' | 'false')                  # boolAtom
    | callee=ID '(' (arg (',' arg)* ','?)? ')'  # callAtom
    | ID ('.' ID)*                              # pathAtom
    | '(' expr ')'                              # parenAtom
    | '[' (expr (',' expr)* ','?)? ']'          # listAtom
    ;

arg
    : (name=ID '=')? value=expr
    ;

INT     : DIGIT+ ;
FLOAT   : DIGIT+ '.' DIGIT* EXPONENT?
        | '.' DIGIT+ EXPONENT?
        | DIGIT+ EXPONENT
        ;
STRING  : '"' (~["\\\r\n] | '\\' ["\\])* '"' ;
ID      : [a-zA-Z_] [a-zA-Z_0-9]* ;

COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS      : [ \t\r\n\f\uFEFF]+ -> skip ;

// Anything else becomes one token that the parser cannot use, so the error listener reports
// it at its position instead of the lexer printing to stderr.
BAD_CHAR : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
