export declare const IMPORT_NODE_OPTIONS: string[];
export declare function nodeOptionsFor(command: string | undefined): string[];
