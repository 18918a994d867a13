/* symbols.c -- the math filter's command table, delimiters, negations and
 * the Unicode mathematical alphanumerics of the font variants. */
#include <stdlib.h>
#include <string.h>

#include "math.h"

#define L PCV_MATH_LIMITS
#define ST PCV_MATH_STRETCHY

/* Every command the parser knows.  Indexed by math_symbols_init(). */
static const math_sym math_syms[] = {
	/* Greek, lower case: identifiers, italic */
	{"alpha", MK_IDENT, 0, "α"}, {"beta", MK_IDENT, 0, "β"}, {"gamma", MK_IDENT, 0, "γ"},
	{"delta", MK_IDENT, 0, "δ"}, {"epsilon", MK_IDENT, 0, "ϵ"}, {"varepsilon", MK_IDENT, 0, "ε"},
	{"zeta", MK_IDENT, 0, "ζ"}, {"eta", MK_IDENT, 0, "η"}, {"theta", MK_IDENT, 0, "θ"},
	{"vartheta", MK_IDENT, 0, "ϑ"}, {"iota", MK_IDENT, 0, "ι"}, {"kappa", MK_IDENT, 0, "κ"},
	{"varkappa", MK_IDENT, 0, "ϰ"}, {"lambda", MK_IDENT, 0, "λ"}, {"mu", MK_IDENT, 0, "μ"},
	{"nu", MK_IDENT, 0, "ν"}, {"xi", MK_IDENT, 0, "ξ"}, {"omicron", MK_IDENT, 0, "ο"},
	{"pi", MK_IDENT, 0, "π"}, {"varpi", MK_IDENT, 0, "ϖ"}, {"rho", MK_IDENT, 0, "ρ"},
	{"varrho", MK_IDENT, 0, "ϱ"}, {"sigma", MK_IDENT, 0, "σ"}, {"varsigma", MK_IDENT, 0, "ς"},
	{"tau", MK_IDENT, 0, "τ"}, {"upsilon", MK_IDENT, 0, "υ"}, {"phi", MK_IDENT, 0, "ϕ"},
	{"varphi", MK_IDENT, 0, "φ"}, {"chi", MK_IDENT, 0, "χ"}, {"psi", MK_IDENT, 0, "ψ"},
	{"omega", MK_IDENT, 0, "ω"}, {"digamma", MK_IDENT, 0, "ϝ"},
	/* Greek, capitals: upright, as TeX sets them */
	{"Gamma", MK_UPRIGHT, 0, "Γ"}, {"Delta", MK_UPRIGHT, 0, "Δ"}, {"Theta", MK_UPRIGHT, 0, "Θ"},
	{"Lambda", MK_UPRIGHT, 0, "Λ"}, {"Xi", MK_UPRIGHT, 0, "Ξ"}, {"Pi", MK_UPRIGHT, 0, "Π"},
	{"Sigma", MK_UPRIGHT, 0, "Σ"}, {"Upsilon", MK_UPRIGHT, 0, "Υ"}, {"Phi", MK_UPRIGHT, 0, "Φ"},
	{"Psi", MK_UPRIGHT, 0, "Ψ"}, {"Omega", MK_UPRIGHT, 0, "Ω"},
	{"varGamma", MK_IDENT, 0, "Γ"}, {"varDelta", MK_IDENT, 0, "Δ"}, {"varTheta", MK_IDENT, 0, "Θ"},
	{"varLambda", MK_IDENT, 0, "Λ"}, {"varXi", MK_IDENT, 0, "Ξ"}, {"varPi", MK_IDENT, 0, "Π"},
	{"varSigma", MK_IDENT, 0, "Σ"}, {"varUpsilon", MK_IDENT, 0, "Υ"}, {"varPhi", MK_IDENT, 0, "Φ"},
	{"varPsi", MK_IDENT, 0, "Ψ"}, {"varOmega", MK_IDENT, 0, "Ω"},
	/* Hebrew and letter-like symbols */
	{"aleph", MK_IDENT, 0, "ℵ"}, {"beth", MK_IDENT, 0, "ℶ"}, {"gimel", MK_IDENT, 0, "ℷ"},
	{"daleth", MK_IDENT, 0, "ℸ"}, {"ell", MK_IDENT, 0, "ℓ"}, {"hbar", MK_IDENT, 0, "ℏ"},
	{"hslash", MK_IDENT, 0, "ℏ"}, {"imath", MK_IDENT, 0, "ı"}, {"jmath", MK_IDENT, 0, "ȷ"},
	{"wp", MK_IDENT, 0, "℘"}, {"Re", MK_UPRIGHT, 0, "ℜ"}, {"Im", MK_UPRIGHT, 0, "ℑ"},
	{"infty", MK_UPRIGHT, 0, "∞"}, {"partial", MK_UPRIGHT, 0, "∂"}, {"nabla", MK_UPRIGHT, 0, "∇"},
	{"emptyset", MK_UPRIGHT, 0, "∅"}, {"varnothing", MK_UPRIGHT, 0, "⌀"},
	{"top", MK_UPRIGHT, 0, "⊤"}, {"bot", MK_UPRIGHT, 0, "⊥"}, {"angle", MK_UPRIGHT, 0, "∠"},
	{"triangle", MK_UPRIGHT, 0, "△"}, {"Box", MK_UPRIGHT, 0, "□"}, {"Diamond", MK_UPRIGHT, 0, "◇"},
	{"flat", MK_UPRIGHT, 0, "♭"}, {"natural", MK_UPRIGHT, 0, "♮"}, {"sharp", MK_UPRIGHT, 0, "♯"},
	{"clubsuit", MK_UPRIGHT, 0, "♣"}, {"diamondsuit", MK_UPRIGHT, 0, "♢"},
	{"heartsuit", MK_UPRIGHT, 0, "♡"}, {"spadesuit", MK_UPRIGHT, 0, "♠"},
	{"checkmark", MK_UPRIGHT, 0, "✓"}, {"complement", MK_UPRIGHT, 0, "∁"},
	{"mho", MK_UPRIGHT, 0, "℧"}, {"eth", MK_IDENT, 0, "ð"}, {"Bbbk", MK_UPRIGHT, 0, "𝕜"},
	{"circledS", MK_UPRIGHT, 0, "Ⓢ"}, {"degree", MK_UPRIGHT, 0, "°"},
	/* functions: upright names, no limits */
	{"sin", MK_FUNC, 0, "sin"}, {"cos", MK_FUNC, 0, "cos"}, {"tan", MK_FUNC, 0, "tan"},
	{"cot", MK_FUNC, 0, "cot"}, {"sec", MK_FUNC, 0, "sec"}, {"csc", MK_FUNC, 0, "csc"},
	{"arcsin", MK_FUNC, 0, "arcsin"}, {"arccos", MK_FUNC, 0, "arccos"},
	{"arctan", MK_FUNC, 0, "arctan"}, {"sinh", MK_FUNC, 0, "sinh"}, {"cosh", MK_FUNC, 0, "cosh"},
	{"tanh", MK_FUNC, 0, "tanh"}, {"coth", MK_FUNC, 0, "coth"}, {"log", MK_FUNC, 0, "log"},
	{"ln", MK_FUNC, 0, "ln"}, {"lg", MK_FUNC, 0, "lg"}, {"exp", MK_FUNC, 0, "exp"},
	{"arg", MK_FUNC, 0, "arg"}, {"deg", MK_FUNC, 0, "deg"}, {"dim", MK_FUNC, 0, "dim"},
	{"hom", MK_FUNC, 0, "hom"}, {"ker", MK_FUNC, 0, "ker"}, {"sgn", MK_FUNC, 0, "sgn"},
	{"tr", MK_FUNC, 0, "tr"}, {"Tr", MK_FUNC, 0, "Tr"}, {"diag", MK_FUNC, 0, "diag"},
	{"rank", MK_FUNC, 0, "rank"}, {"erf", MK_FUNC, 0, "erf"}, {"Var", MK_FUNC, 0, "Var"},
	{"Cov", MK_FUNC, 0, "Cov"}, {"mod", MK_FUNC, 0, "mod"},
	/* operators with limits */
	{"lim", MK_NAMEDOP, 0, "lim"}, {"liminf", MK_NAMEDOP, 0, "lim inf"},
	{"limsup", MK_NAMEDOP, 0, "lim sup"}, {"max", MK_NAMEDOP, 0, "max"},
	{"min", MK_NAMEDOP, 0, "min"}, {"sup", MK_NAMEDOP, 0, "sup"}, {"inf", MK_NAMEDOP, 0, "inf"},
	{"det", MK_NAMEDOP, 0, "det"}, {"gcd", MK_NAMEDOP, 0, "gcd"}, {"Pr", MK_NAMEDOP, 0, "Pr"},
	{"argmax", MK_NAMEDOP, 0, "arg max"}, {"argmin", MK_NAMEDOP, 0, "arg min"},
	{"injlim", MK_NAMEDOP, 0, "inj lim"}, {"projlim", MK_NAMEDOP, 0, "proj lim"},
	/* big operators */
	{"sum", MK_BIGOP, L, "∑"}, {"prod", MK_BIGOP, L, "∏"}, {"coprod", MK_BIGOP, L, "∐"},
	{"bigcup", MK_BIGOP, L, "⋃"}, {"bigcap", MK_BIGOP, L, "⋂"}, {"bigvee", MK_BIGOP, L, "⋁"},
	{"bigwedge", MK_BIGOP, L, "⋀"}, {"bigoplus", MK_BIGOP, L, "⨁"},
	{"bigotimes", MK_BIGOP, L, "⨂"}, {"bigodot", MK_BIGOP, L, "⨀"},
	{"biguplus", MK_BIGOP, L, "⨄"}, {"bigsqcup", MK_BIGOP, L, "⨆"},
	{"int", MK_BIGOP, 0, "∫"}, {"iint", MK_BIGOP, 0, "∬"}, {"iiint", MK_BIGOP, 0, "∭"},
	{"iiiint", MK_BIGOP, 0, "⨌"}, {"oint", MK_BIGOP, 0, "∮"}, {"oiint", MK_BIGOP, 0, "∯"},
	{"intop", MK_BIGOP, L, "∫"}, {"smallint", MK_OP, 0, "∫"},
	/* binary operators */
	{"pm", MK_OP, 0, "±"}, {"mp", MK_OP, 0, "∓"}, {"times", MK_OP, 0, "×"},
	{"div", MK_OP, 0, "÷"}, {"cdot", MK_OP, 0, "⋅"}, {"ast", MK_OP, 0, "∗"},
	{"star", MK_OP, 0, "⋆"}, {"circ", MK_OP, 0, "∘"}, {"bullet", MK_OP, 0, "∙"},
	{"oplus", MK_OP, 0, "⊕"}, {"ominus", MK_OP, 0, "⊖"}, {"otimes", MK_OP, 0, "⊗"},
	{"oslash", MK_OP, 0, "⊘"}, {"odot", MK_OP, 0, "⊙"}, {"cup", MK_OP, 0, "∪"},
	{"cap", MK_OP, 0, "∩"}, {"setminus", MK_OP, 0, "∖"}, {"smallsetminus", MK_OP, 0, "∖"},
	{"wedge", MK_OP, 0, "∧"}, {"land", MK_OP, 0, "∧"}, {"vee", MK_OP, 0, "∨"},
	{"lor", MK_OP, 0, "∨"}, {"sqcup", MK_OP, 0, "⊔"}, {"sqcap", MK_OP, 0, "⊓"},
	{"uplus", MK_OP, 0, "⊎"}, {"amalg", MK_OP, 0, "⨿"}, {"dagger", MK_OP, 0, "†"},
	{"ddagger", MK_OP, 0, "‡"}, {"wr", MK_OP, 0, "≀"}, {"diamond", MK_OP, 0, "⋄"},
	{"triangleleft", MK_OP, 0, "◃"}, {"triangleright", MK_OP, 0, "▹"},
	{"lhd", MK_OP, 0, "⊲"}, {"rhd", MK_OP, 0, "⊳"}, {"unlhd", MK_OP, 0, "⊴"},
	{"unrhd", MK_OP, 0, "⊵"}, {"bigtriangleup", MK_OP, 0, "△"},
	{"bigtriangledown", MK_OP, 0, "▽"}, {"bigcirc", MK_OP, 0, "◯"}, {"cdotp", MK_OP, 0, "⋅"},
	{"centerdot", MK_OP, 0, "⋅"}, {"dotplus", MK_OP, 0, "∔"}, {"ltimes", MK_OP, 0, "⋉"},
	{"rtimes", MK_OP, 0, "⋊"}, {"boxplus", MK_OP, 0, "⊞"}, {"boxtimes", MK_OP, 0, "⊠"},
	{"neg", MK_OP, PCV_MATH_PREFIX, "¬"}, {"lnot", MK_OP, PCV_MATH_PREFIX, "¬"},
	{"forall", MK_OP, PCV_MATH_PREFIX, "∀"}, {"exists", MK_OP, PCV_MATH_PREFIX, "∃"},
	{"nexists", MK_OP, PCV_MATH_PREFIX, "∄"}, {"prime", MK_OP, 0, "′"},
	{"backprime", MK_OP, 0, "‵"},
	/* relations */
	{"leq", MK_OP, 0, "≤"}, {"le", MK_OP, 0, "≤"}, {"geq", MK_OP, 0, "≥"}, {"ge", MK_OP, 0, "≥"},
	{"neq", MK_OP, 0, "≠"}, {"ne", MK_OP, 0, "≠"}, {"approx", MK_OP, 0, "≈"},
	{"approxeq", MK_OP, 0, "≊"}, {"sim", MK_OP, 0, "∼"}, {"simeq", MK_OP, 0, "≃"},
	{"cong", MK_OP, 0, "≅"}, {"equiv", MK_OP, 0, "≡"}, {"propto", MK_OP, 0, "∝"},
	{"in", MK_OP, 0, "∈"}, {"notin", MK_OP, 0, "∉"}, {"ni", MK_OP, 0, "∋"},
	{"owns", MK_OP, 0, "∋"}, {"subset", MK_OP, 0, "⊂"}, {"supset", MK_OP, 0, "⊃"},
	{"subseteq", MK_OP, 0, "⊆"}, {"supseteq", MK_OP, 0, "⊇"}, {"subsetneq", MK_OP, 0, "⊊"},
	{"supsetneq", MK_OP, 0, "⊋"}, {"nsubseteq", MK_OP, 0, "⊈"}, {"nsupseteq", MK_OP, 0, "⊉"},
	{"sqsubset", MK_OP, 0, "⊏"}, {"sqsupset", MK_OP, 0, "⊐"}, {"sqsubseteq", MK_OP, 0, "⊑"},
	{"sqsupseteq", MK_OP, 0, "⊒"}, {"ll", MK_OP, 0, "≪"}, {"gg", MK_OP, 0, "≫"},
	{"lll", MK_OP, 0, "⋘"}, {"ggg", MK_OP, 0, "⋙"}, {"prec", MK_OP, 0, "≺"},
	{"succ", MK_OP, 0, "≻"}, {"preceq", MK_OP, 0, "⪯"}, {"succeq", MK_OP, 0, "⪰"},
	{"perp", MK_OP, 0, "⊥"}, {"parallel", MK_OP, 0, "∥"}, {"nparallel", MK_OP, 0, "∦"},
	{"mid", MK_OP, 0, "∣"}, {"nmid", MK_OP, 0, "∤"}, {"models", MK_OP, 0, "⊨"},
	{"vdash", MK_OP, 0, "⊢"}, {"dashv", MK_OP, 0, "⊣"}, {"vDash", MK_OP, 0, "⊨"},
	{"asymp", MK_OP, 0, "≍"}, {"doteq", MK_OP, 0, "≐"}, {"bowtie", MK_OP, 0, "⋈"},
	{"leqslant", MK_OP, 0, "⩽"}, {"geqslant", MK_OP, 0, "⩾"}, {"lesssim", MK_OP, 0, "≲"},
	{"gtrsim", MK_OP, 0, "≳"}, {"lessgtr", MK_OP, 0, "≶"}, {"gtrless", MK_OP, 0, "≷"},
	{"leqq", MK_OP, 0, "≦"}, {"geqq", MK_OP, 0, "≧"}, {"nless", MK_OP, 0, "≮"},
	{"ngtr", MK_OP, 0, "≯"}, {"nleq", MK_OP, 0, "≰"}, {"ngeq", MK_OP, 0, "≱"},
	{"nsim", MK_OP, 0, "≁"}, {"ncong", MK_OP, 0, "≇"}, {"triangleq", MK_OP, 0, "≜"},
	{"coloneqq", MK_OP, 0, "≔"}, {"eqqcolon", MK_OP, 0, "≕"}, {"coloneq", MK_OP, 0, "≔"},
	{"eqcirc", MK_OP, 0, "≖"}, {"circeq", MK_OP, 0, "≗"}, {"smile", MK_OP, 0, "⌣"},
	{"frown", MK_OP, 0, "⌢"}, {"therefore", MK_OP, 0, "∴"}, {"because", MK_OP, 0, "∵"},
	{"Subset", MK_OP, 0, "⋐"}, {"Supset", MK_OP, 0, "⋑"}, {"colon", MK_OP, 0, ":"},
	{"vartriangleleft", MK_OP, 0, "⊲"}, {"vartriangleright", MK_OP, 0, "⊳"},
	{"trianglelefteq", MK_OP, 0, "⊴"}, {"trianglerighteq", MK_OP, 0, "⊵"},
	/* arrows */
	{"to", MK_OP, 0, "→"}, {"rightarrow", MK_OP, 0, "→"}, {"leftarrow", MK_OP, 0, "←"},
	{"gets", MK_OP, 0, "←"}, {"leftrightarrow", MK_OP, 0, "↔"}, {"Rightarrow", MK_OP, 0, "⇒"},
	{"Leftarrow", MK_OP, 0, "⇐"}, {"Leftrightarrow", MK_OP, 0, "⇔"}, {"iff", MK_OP, 0, "⟺"},
	{"implies", MK_OP, 0, "⟹"}, {"impliedby", MK_OP, 0, "⟸"}, {"mapsto", MK_OP, 0, "↦"},
	{"longmapsto", MK_OP, 0, "⟼"}, {"longrightarrow", MK_OP, 0, "⟶"},
	{"longleftarrow", MK_OP, 0, "⟵"}, {"longleftrightarrow", MK_OP, 0, "⟷"},
	{"Longrightarrow", MK_OP, 0, "⟹"}, {"Longleftarrow", MK_OP, 0, "⟸"},
	{"Longleftrightarrow", MK_OP, 0, "⟺"}, {"uparrow", MK_OP, 0, "↑"},
	{"downarrow", MK_OP, 0, "↓"}, {"updownarrow", MK_OP, 0, "↕"}, {"Uparrow", MK_OP, 0, "⇑"},
	{"Downarrow", MK_OP, 0, "⇓"}, {"Updownarrow", MK_OP, 0, "⇕"}, {"nearrow", MK_OP, 0, "↗"},
	{"searrow", MK_OP, 0, "↘"}, {"swarrow", MK_OP, 0, "↙"}, {"nwarrow", MK_OP, 0, "↖"},
	{"hookrightarrow", MK_OP, 0, "↪"}, {"hookleftarrow", MK_OP, 0, "↩"},
	{"rightharpoonup", MK_OP, 0, "⇀"}, {"rightharpoondown", MK_OP, 0, "⇁"},
	{"leftharpoonup", MK_OP, 0, "↼"}, {"leftharpoondown", MK_OP, 0, "↽"},
	{"rightleftharpoons", MK_OP, 0, "⇌"}, {"leftrightharpoons", MK_OP, 0, "⇋"},
	{"leadsto", MK_OP, 0, "⇝"}, {"rightsquigarrow", MK_OP, 0, "⇝"},
	{"twoheadrightarrow", MK_OP, 0, "↠"}, {"twoheadleftarrow", MK_OP, 0, "↞"},
	{"rightrightarrows", MK_OP, 0, "⇉"}, {"leftleftarrows", MK_OP, 0, "⇇"},
	{"curvearrowright", MK_OP, 0, "↷"}, {"curvearrowleft", MK_OP, 0, "↶"},
	{"nrightarrow", MK_OP, 0, "↛"}, {"nleftarrow", MK_OP, 0, "↚"}, {"nRightarrow", MK_OP, 0, "⇏"},
	{"nLeftarrow", MK_OP, 0, "⇍"}, {"nLeftrightarrow", MK_OP, 0, "⇎"},
	{"longrightarrow", MK_OP, 0, "⟶"},
	/* dots */
	{"ldots", MK_OP, 0, "…"}, {"dots", MK_OP, 0, "…"}, {"dotsc", MK_OP, 0, "…"},
	{"dotso", MK_OP, 0, "…"}, {"dotsb", MK_OP, 0, "⋯"}, {"dotsm", MK_OP, 0, "⋯"},
	{"dotsi", MK_OP, 0, "⋯"}, {"cdots", MK_OP, 0, "⋯"}, {"vdots", MK_OP, 0, "⋮"},
	{"ddots", MK_OP, 0, "⋱"}, {"iddots", MK_OP, 0, "⋰"}, {"ldotp", MK_OP, 0, "."},
	/* delimiters outside \left..\right */
	{"{", MK_OPEN, 0, "{"}, {"}", MK_CLOSE, 0, "}"}, {"lbrace", MK_OPEN, 0, "{"},
	{"rbrace", MK_CLOSE, 0, "}"}, {"langle", MK_OPEN, 0, "⟨"}, {"rangle", MK_CLOSE, 0, "⟩"},
	{"lvert", MK_OPEN, 0, "|"}, {"rvert", MK_CLOSE, 0, "|"}, {"lVert", MK_OPEN, 0, "‖"},
	{"rVert", MK_CLOSE, 0, "‖"}, {"vert", MK_FENCE, 0, "|"}, {"Vert", MK_FENCE, 0, "‖"},
	{"|", MK_FENCE, 0, "‖"}, {"lceil", MK_OPEN, 0, "⌈"}, {"rceil", MK_CLOSE, 0, "⌉"},
	{"lfloor", MK_OPEN, 0, "⌊"}, {"rfloor", MK_CLOSE, 0, "⌋"}, {"lgroup", MK_OPEN, 0, "⟮"},
	{"rgroup", MK_CLOSE, 0, "⟯"}, {"lbrack", MK_OPEN, 0, "["}, {"rbrack", MK_CLOSE, 0, "]"},
	{"ulcorner", MK_OPEN, 0, "⌜"}, {"urcorner", MK_CLOSE, 0, "⌝"},
	{"llcorner", MK_OPEN, 0, "⌞"}, {"lrcorner", MK_CLOSE, 0, "⌟"},
	{"backslash", MK_OP, 0, "∖"},
	/* escaped characters */
	{"%", MK_OP, 0, "%"}, {"$", MK_OP, 0, "$"}, {"#", MK_OP, 0, "#"}, {"&", MK_OP, 0, "&"},
	{"_", MK_OP, 0, "_"},
	/* spaces, in 1/18 em */
	{",", MK_SPACE, 3, ""}, {"thinspace", MK_SPACE, 3, ""}, {":", MK_SPACE, 4, ""},
	{">", MK_SPACE, 4, ""}, {"medspace", MK_SPACE, 4, ""}, {";", MK_SPACE, 5, ""},
	{"thickspace", MK_SPACE, 5, ""}, {"!", MK_SPACE, -3, ""},
	{"negthinspace", MK_SPACE, -3, ""}, {"negmedspace", MK_SPACE, -4, ""},
	{"negthickspace", MK_SPACE, -5, ""}, {"quad", MK_SPACE, 18, ""},
	{"qquad", MK_SPACE, 36, ""}, {" ", MK_SPACE, 6, ""}, {"enspace", MK_SPACE, 9, ""},
	{"space", MK_SPACE, 6, ""}, {"nobreakspace", MK_SPACE, 6, ""},
	/* fractions and radicals */
	{"frac", MK_FRAC, 0, ""}, {"dfrac", MK_FRAC, 1, ""}, {"tfrac", MK_FRAC, 2, ""},
	{"cfrac", MK_FRAC, 3, ""}, {"binom", MK_BINOM, 0, ""}, {"dbinom", MK_BINOM, 1, ""},
	{"tbinom", MK_BINOM, 2, ""}, {"sqrt", MK_SQRT, 0, ""},
	{"over", MK_INFIX, 0, ""}, {"choose", MK_INFIX, 1, ""}, {"atop", MK_INFIX, 2, ""},
	{"brace", MK_INFIX, 3, ""}, {"brack", MK_INFIX, 4, ""},
	/* accents: MathML's characters, as pandoc's texmath writes them */
	{"hat", MK_ACCENT, 0, "^"}, {"widehat", MK_ACCENT, ST, "^"},
	{"check", MK_ACCENT, 0, "ˇ"}, {"widecheck", MK_ACCENT, ST, "ˇ"},
	{"tilde", MK_ACCENT, 0, "~"}, {"widetilde", MK_ACCENT, ST, "~"},
	{"bar", MK_ACCENT, 0, "‾"}, {"overline", MK_ACCENT, ST, "‾"},
	{"underline", MK_ACCENT, ST | MATH_ACC_UNDER, "_"}, {"vec", MK_ACCENT, 0, "→"},
	{"overrightarrow", MK_ACCENT, ST, "→"}, {"overleftarrow", MK_ACCENT, ST, "←"},
	{"overleftrightarrow", MK_ACCENT, ST, "↔"}, {"underrightarrow", MK_ACCENT, ST | MATH_ACC_UNDER, "→"},
	{"underleftarrow", MK_ACCENT, ST | MATH_ACC_UNDER, "←"},
	{"dot", MK_ACCENT, 0, "˙"}, {"ddot", MK_ACCENT, 0, "¨"}, {"dddot", MK_ACCENT, 0, "⃛"},
	{"acute", MK_ACCENT, 0, "´"}, {"grave", MK_ACCENT, 0, "`"}, {"breve", MK_ACCENT, 0, "˘"},
	{"mathring", MK_ACCENT, 0, "˚"},
	{"overbrace", MK_ACCENT, ST | MATH_ACC_BRACE, "⏞"},
	{"underbrace", MK_ACCENT, ST | MATH_ACC_BRACE | MATH_ACC_UNDER, "⏟"},
	{"overparen", MK_ACCENT, ST | MATH_ACC_BRACE, "⏜"},
	{"underparen", MK_ACCENT, ST | MATH_ACC_BRACE | MATH_ACC_UNDER, "⏝"},
	{"overbracket", MK_ACCENT, ST | MATH_ACC_BRACE, "⎴"},
	{"underbracket", MK_ACCENT, ST | MATH_ACC_BRACE | MATH_ACC_UNDER, "⎵"},
	/* fonts */
	{"mathrm", MK_FONT, PCV_MATHVARIANT_NORMAL, ""},
	{"mathup", MK_FONT, PCV_MATHVARIANT_NORMAL, ""},
	{"mathbf", MK_FONT, PCV_MATHVARIANT_BOLD, ""},
	{"mathit", MK_FONT, PCV_MATHVARIANT_ITALIC, ""},
	{"boldsymbol", MK_FONT, PCV_MATHVARIANT_BOLD_ITALIC, ""},
	{"bm", MK_FONT, PCV_MATHVARIANT_BOLD_ITALIC, ""},
	{"mathbb", MK_FONT, PCV_MATHVARIANT_DOUBLE_STRUCK, ""},
	{"mathcal", MK_FONT, PCV_MATHVARIANT_SCRIPT, ""},
	{"mathscr", MK_FONT, PCV_MATHVARIANT_SCRIPT, ""},
	{"mathfrak", MK_FONT, PCV_MATHVARIANT_FRAKTUR, ""},
	{"mathsf", MK_FONT, PCV_MATHVARIANT_SANS_SERIF, ""},
	{"mathtt", MK_FONT, PCV_MATHVARIANT_MONOSPACE, ""},
	{"mathbfcal", MK_FONT, PCV_MATHVARIANT_BOLD_SCRIPT, ""},
	{"mathbffrak", MK_FONT, PCV_MATHVARIANT_BOLD_FRAKTUR, ""},
	{"mathbfsf", MK_FONT, PCV_MATHVARIANT_BOLD_SANS_SERIF, ""},
	{"mathnormal", MK_FONT, PCV_MATHVARIANT_NONE, ""},
	{"rm", MK_OLDFONT, PCV_MATHVARIANT_NORMAL, ""},
	{"bf", MK_OLDFONT, PCV_MATHVARIANT_BOLD, ""},
	{"it", MK_OLDFONT, PCV_MATHVARIANT_ITALIC, ""},
	{"cal", MK_OLDFONT, PCV_MATHVARIANT_SCRIPT, ""},
	{"sf", MK_OLDFONT, PCV_MATHVARIANT_SANS_SERIF, ""},
	{"tt", MK_OLDFONT, PCV_MATHVARIANT_MONOSPACE, ""},
	{"text", MK_TEXT, PCV_MATHVARIANT_NONE, ""},
	{"textrm", MK_TEXT, PCV_MATHVARIANT_NONE, ""},
	{"textnormal", MK_TEXT, PCV_MATHVARIANT_NONE, ""},
	{"textup", MK_TEXT, PCV_MATHVARIANT_NONE, ""},
	{"mbox", MK_TEXT, PCV_MATHVARIANT_NONE, ""},
	{"hbox", MK_TEXT, PCV_MATHVARIANT_NONE, ""},
	{"textbf", MK_TEXT, PCV_MATHVARIANT_BOLD, ""},
	{"textit", MK_TEXT, PCV_MATHVARIANT_ITALIC, ""},
	{"emph", MK_TEXT, PCV_MATHVARIANT_ITALIC, ""},
	{"textsf", MK_TEXT, PCV_MATHVARIANT_SANS_SERIF, ""},
	{"texttt", MK_TEXT, PCV_MATHVARIANT_MONOSPACE, ""},
	{"operatorname", MK_OPNAME, 0, ""}, {"mathop", MK_MATHOP, 0, ""},
	{"mathbin", MK_MATHOP, 1, ""}, {"mathrel", MK_MATHOP, 2, ""},
	{"mathord", MK_MATHOP, 3, ""}, {"mathopen", MK_MATHOP, 4, ""},
	{"mathclose", MK_MATHOP, 5, ""}, {"mathpunct", MK_MATHOP, 6, ""},
	{"stackrel", MK_OVERSET, 0, ""}, {"overset", MK_OVERSET, 0, ""},
	{"underset", MK_UNDERSET, 0, ""},
	/* delimiters */
	{"left", MK_LEFT, 0, ""}, {"right", MK_RIGHT, 0, ""}, {"middle", MK_MIDDLE, 0, ""},
	{"big", MK_BIG, 1, ""}, {"Big", MK_BIG, 2, ""}, {"bigg", MK_BIG, 3, ""},
	{"Bigg", MK_BIG, 4, ""}, {"bigl", MK_BIG, 1 | 16, ""}, {"Bigl", MK_BIG, 2 | 16, ""},
	{"biggl", MK_BIG, 3 | 16, ""}, {"Biggl", MK_BIG, 4 | 16, ""},
	{"bigr", MK_BIG, 1 | 32, ""}, {"Bigr", MK_BIG, 2 | 32, ""},
	{"biggr", MK_BIG, 3 | 32, ""}, {"Biggr", MK_BIG, 4 | 32, ""},
	{"bigm", MK_BIG, 1 | 64, ""}, {"Bigm", MK_BIG, 2 | 64, ""},
	{"biggm", MK_BIG, 3 | 64, ""}, {"Biggm", MK_BIG, 4 | 64, ""},
	/* structure */
	{"begin", MK_BEGIN, 0, ""}, {"end", MK_END, 0, ""}, {"limits", MK_LIMITS, 0, ""},
	{"nolimits", MK_NOLIMITS, 0, ""}, {"displaylimits", MK_IGNORE, 0, ""},
	{"tag", MK_TAG, 0, ""}, {"color", MK_COLOR, 0, ""},
	{"textcolor", MK_TEXTCOLOR, 0, ""}, {"displaystyle", MK_MSTYLE, 0, ""},
	{"textstyle", MK_MSTYLE, 1, ""}, {"scriptstyle", MK_MSTYLE, 2, ""},
	{"scriptscriptstyle", MK_MSTYLE, 3, ""}, {"not", MK_NOT, 0, ""},
	{"\\", MK_NEWLINE, 0, ""}, {"cr", MK_NEWLINE, 0, ""}, {"newline", MK_NEWLINE, 0, ""},
	{"hspace", MK_HSPACE, 0, ""}, {"kern", MK_HSPACE, 1, ""}, {"mkern", MK_HSPACE, 2, ""},
	{"mskip", MK_HSPACE, 2, ""}, {"hskip", MK_HSPACE, 1, ""},
	{"xrightarrow", MK_XARROW, 0, "→"}, {"xleftarrow", MK_XARROW, 0, "←"},
	{"xRightarrow", MK_XARROW, 0, "⇒"}, {"xLeftarrow", MK_XARROW, 0, "⇐"},
	{"xleftrightarrow", MK_XARROW, 0, "↔"}, {"xmapsto", MK_XARROW, 0, "↦"},
	{"nonumber", MK_IGNORE, 0, ""}, {"notag", MK_IGNORE, 0, ""},
	{"relax", MK_IGNORE, 0, ""}, {"displaybreak", MK_IGNORE, 0, ""},
	{"allowbreak", MK_IGNORE, 0, ""}, {"nobreak", MK_IGNORE, 0, ""},
	{"strut", MK_IGNORE, 0, ""}, {"mathstrut", MK_IGNORE, 0, ""},
	{"hline", MK_IGNORE, 0, ""}, {"label", MK_IGNORE_ARG, 0, ""},
	{"pmod", MK_PMOD, 0, ""}, {"bmod", MK_OP, 0, "mod"}, {"substack", MK_SUBSTACK, 0, ""},
	{"boxed", MK_BOXED, 0, ""}, {"phantom", MK_PHANTOM, 0, ""},
};

/* A hash table of the commands: 1 + index into math_syms, 0 empty.  Built
 * in the table's order, so that of a repeated name the first entry wins;
 * building it costs a tenth of sorting the table. */
#define MATH_SYM_HASH 4096u
_Static_assert(sizeof math_syms / sizeof *math_syms < MATH_SYM_HASH / 2,
               "math command hash table too small");
static unsigned short math_sym_hash[MATH_SYM_HASH];

static unsigned math_hash(const char *s, size_t len)
{
	unsigned long h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = ((h ^ (unsigned char)s[i]) * 16777619u) & 0xffffffffu;
	return (unsigned)(h ^ (h >> 16)) & (MATH_SYM_HASH - 1);
}

/* Whether sym is the command name (len bytes). */
static int math_sym_is(const math_sym *sym, const char *name, size_t len)
{
	return len <= sizeof sym->name && memcmp(sym->name, name, len) == 0 &&
	       (len == sizeof sym->name || sym->name[len] == '\0');
}

void math_symbols_init(void)
{
	static int done;
	size_t n = sizeof math_syms / sizeof *math_syms;

	if (done)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *name = math_syms[i].name;
		const char *nul = memchr(name, '\0', sizeof math_syms[i].name);
		size_t len = nul ? (size_t)(nul - name) : sizeof math_syms[i].name;
		unsigned h = math_hash(name, len), k;
		while ((k = math_sym_hash[h]) != 0 && !math_sym_is(&math_syms[k - 1], name, len))
			h = (h + 1) & (MATH_SYM_HASH - 1);
		if (!k)
			math_sym_hash[h] = (unsigned short)(i + 1);
	}
	done = 1;
}

const math_sym *math_lookup(const char *name, size_t len)
{
	unsigned h = math_hash(name, len), k;

	while ((k = math_sym_hash[h]) != 0) {
		if (math_sym_is(&math_syms[k - 1], name, len))
			return &math_syms[k - 1];
		h = (h + 1) & (MATH_SYM_HASH - 1);
	}
	return NULL;
}

/* Delimiters after \left, \right, \middle and \big: the token (a character
 * or a command with its backslash) and the character it stands for.  Like
 * the tables below, arrays rather than pointers: nothing to relocate. */
static const struct {
	char tok[14];
	unsigned char kind;
	char text[4];
} math_delims[] = {
	{"(", MK_OPEN, "("}, {")", MK_CLOSE, ")"}, {"[", MK_OPEN, "["}, {"]", MK_CLOSE, "]"},
	{"|", MK_FENCE, "|"}, {"/", MK_FENCE, "/"}, {".", MK_FENCE, ""}, {"<", MK_OPEN, "⟨"},
	{">", MK_CLOSE, "⟩"}, {"\\{", MK_OPEN, "{"}, {"\\}", MK_CLOSE, "}"},
	{"\\lbrace", MK_OPEN, "{"}, {"\\rbrace", MK_CLOSE, "}"}, {"\\langle", MK_OPEN, "⟨"},
	{"\\rangle", MK_CLOSE, "⟩"}, {"\\lvert", MK_OPEN, "|"}, {"\\rvert", MK_CLOSE, "|"},
	{"\\lVert", MK_OPEN, "‖"}, {"\\rVert", MK_CLOSE, "‖"}, {"\\vert", MK_FENCE, "|"},
	{"\\Vert", MK_FENCE, "‖"}, {"\\|", MK_FENCE, "‖"}, {"\\lceil", MK_OPEN, "⌈"},
	{"\\rceil", MK_CLOSE, "⌉"}, {"\\lfloor", MK_OPEN, "⌊"}, {"\\rfloor", MK_CLOSE, "⌋"},
	{"\\lgroup", MK_OPEN, "⟮"}, {"\\rgroup", MK_CLOSE, "⟯"}, {"\\lbrack", MK_OPEN, "["},
	{"\\rbrack", MK_CLOSE, "]"}, {"\\backslash", MK_FENCE, "∖"}, {"\\uparrow", MK_FENCE, "↑"},
	{"\\downarrow", MK_FENCE, "↓"}, {"\\updownarrow", MK_FENCE, "↕"},
	{"\\Uparrow", MK_FENCE, "⇑"}, {"\\Downarrow", MK_FENCE, "⇓"},
	{"\\Updownarrow", MK_FENCE, "⇕"}, {"\\ulcorner", MK_OPEN, "⌜"},
	{"\\urcorner", MK_CLOSE, "⌝"}, {"\\mid", MK_FENCE, "∣"}, {"⟨", MK_OPEN, "⟨"},
	{"⟩", MK_CLOSE, "⟩"}, {"‖", MK_FENCE, "‖"},
};

const char *math_delimiter(const char *tok, size_t len, int *kind)
{
	for (size_t i = 0; i < sizeof math_delims / sizeof *math_delims; i++)
		if (strlen(math_delims[i].tok) == len && memcmp(math_delims[i].tok, tok, len) == 0) {
			*kind = math_delims[i].kind;
			return math_delims[i].text;
		}
	return NULL;
}

static const struct {
	char op[4], neg[4];
} math_negations[] = {
	{"=", "≠"}, {"<", "≮"}, {">", "≯"}, {"≤", "≰"}, {"≥", "≱"}, {"∈", "∉"}, {"∋", "∌"},
	{"≡", "≢"}, {"∼", "≁"}, {"≈", "≉"}, {"≃", "≄"}, {"≅", "≇"}, {"⊂", "⊄"}, {"⊃", "⊅"},
	{"⊆", "⊈"}, {"⊇", "⊉"}, {"∣", "∤"}, {"∥", "∦"}, {"∃", "∄"}, {"→", "↛"}, {"←", "↚"},
	{"↔", "↮"}, {"⇒", "⇏"}, {"⇐", "⇍"}, {"⇔", "⇎"}, {"≺", "⊀"}, {"≻", "⊁"}, {"⊢", "⊬"},
	{"⊨", "⊭"}, {"≍", "≭"},
};

const char *math_negate(const char *op)
{
	for (size_t i = 0; i < sizeof math_negations / sizeof *math_negations; i++)
		if (strcmp(math_negations[i].op, op) == 0)
			return math_negations[i].neg;
	return NULL;
}

static const char math_variant_names[][16] = {
	"", "normal", "bold", "italic", "bold-italic", "double-struck", "script", "fraktur",
	"sans-serif", "monospace", "bold-script", "bold-fraktur", "bold-sans-serif",
};

const char *math_variant_name(int variant)
{
	if (variant < 0 || (size_t)variant >= sizeof math_variant_names / sizeof *math_variant_names)
		return NULL;
	return math_variant_names[variant][0] ? math_variant_names[variant] : NULL;
}

/* Letters the Unicode block leaves out because they were encoded earlier
 * (the holes of U+1D400..1D7FF), by variant. */
static const struct {
	int variant;
	unsigned long c, to;
} math_holes[] = {
	{PCV_MATHVARIANT_ITALIC, 'h', 0x210E},
	{PCV_MATHVARIANT_SCRIPT, 'B', 0x212C}, {PCV_MATHVARIANT_SCRIPT, 'E', 0x2130},
	{PCV_MATHVARIANT_SCRIPT, 'F', 0x2131}, {PCV_MATHVARIANT_SCRIPT, 'H', 0x210B},
	{PCV_MATHVARIANT_SCRIPT, 'I', 0x2110}, {PCV_MATHVARIANT_SCRIPT, 'L', 0x2112},
	{PCV_MATHVARIANT_SCRIPT, 'M', 0x2133}, {PCV_MATHVARIANT_SCRIPT, 'R', 0x211B},
	{PCV_MATHVARIANT_SCRIPT, 'e', 0x212F}, {PCV_MATHVARIANT_SCRIPT, 'g', 0x210A},
	{PCV_MATHVARIANT_SCRIPT, 'o', 0x2134},
	{PCV_MATHVARIANT_FRAKTUR, 'C', 0x212D}, {PCV_MATHVARIANT_FRAKTUR, 'H', 0x210C},
	{PCV_MATHVARIANT_FRAKTUR, 'I', 0x2111}, {PCV_MATHVARIANT_FRAKTUR, 'R', 0x211C},
	{PCV_MATHVARIANT_FRAKTUR, 'Z', 0x2128},
	{PCV_MATHVARIANT_DOUBLE_STRUCK, 'C', 0x2102}, {PCV_MATHVARIANT_DOUBLE_STRUCK, 'H', 0x210D},
	{PCV_MATHVARIANT_DOUBLE_STRUCK, 'N', 0x2115}, {PCV_MATHVARIANT_DOUBLE_STRUCK, 'P', 0x2119},
	{PCV_MATHVARIANT_DOUBLE_STRUCK, 'Q', 0x211A}, {PCV_MATHVARIANT_DOUBLE_STRUCK, 'R', 0x211D},
	{PCV_MATHVARIANT_DOUBLE_STRUCK, 'Z', 0x2124},
};

unsigned long math_variant_char(int variant, unsigned long c)
{
	/* first capital A of each variant; 0 when it has no Latin letters */
	static const unsigned long latin[] = {
		0, 0, 0x1D400, 0x1D434, 0x1D468, 0x1D538, 0x1D49C, 0x1D504, 0x1D5A0, 0x1D670,
		0x1D4D0, 0x1D56C, 0x1D5D4,
	};
	static const unsigned long digits[] = {
		0, 0, 0x1D7CE, 0, 0, 0x1D7D8, 0, 0, 0x1D7E2, 0x1D7F6, 0, 0, 0x1D7EC,
	};
	static const unsigned long greek[] = {
		0, 0, 0x1D6A8, 0x1D6E2, 0x1D71C, 0, 0, 0, 0, 0, 0, 0, 0x1D756,
	};
	size_t i;

	if (variant <= PCV_MATHVARIANT_NORMAL || (size_t)variant >= sizeof latin / sizeof *latin)
		return c;
	for (i = 0; i < sizeof math_holes / sizeof *math_holes; i++)
		if (math_holes[i].variant == variant && math_holes[i].c == c)
			return math_holes[i].to;
	if (c >= 'A' && c <= 'Z' && latin[variant])
		return latin[variant] + (c - 'A');
	if (c >= 'a' && c <= 'z' && latin[variant])
		return latin[variant] + 26 + (c - 'a');
	if (c >= '0' && c <= '9' && digits[variant])
		return digits[variant] + (c - '0');
	if (greek[variant]) {
		if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
			return greek[variant] + (c - 0x391);
		if (c >= 0x3B1 && c <= 0x3C9)
			return greek[variant] + 26 + (c - 0x3B1);
		switch (c) {
		case 0x3F5: return greek[variant] + 52; /* ϵ */
		case 0x3D1: return greek[variant] + 53; /* ϑ */
		case 0x3F0: return greek[variant] + 54; /* ϰ */
		case 0x3D5: return greek[variant] + 55; /* ϕ */
		case 0x3F1: return greek[variant] + 56; /* ϱ */
		case 0x3D6: return greek[variant] + 57; /* ϖ */
		case 0x2207: return greek[variant] + 25; /* ∇ */
		case 0x2202: return greek[variant] + 51; /* ∂ */
		}
	}
	return c;
}

size_t math_utf8_put(char *out, unsigned long c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Decodes one character; an invalid byte decodes as itself (Latin-1) with
 * length 1, so every input makes progress. */
unsigned long math_utf8_get(const char *str, size_t len, size_t *used)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long c;
	size_t n, i;

	if (!len) {
		*used = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*used = 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		*used = 1;
		return s[0];
	}
	if (n > len) {
		*used = 1;
		return s[0];
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*used = 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*used = n;
	return c;
}
