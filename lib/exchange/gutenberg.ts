/** The line that ends a Project Gutenberg header ("*** START OF THE PROJECT GUTENBERG EBOOK …"). */
export const GUTENBERG_START = /^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$/im;
/** The line that starts a Project Gutenberg licence footer ("*** END OF THE PROJECT GUTENBERG EBOOK …"). */
export const GUTENBERG_END = /^\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$/im;
