export declare const IMPORT_NODE_OPTIONS: string[];
export declare const SERVE_NODE_OPTIONS: string[];
export declare function nodeOptionsFor(command: string | undefined): string[];
