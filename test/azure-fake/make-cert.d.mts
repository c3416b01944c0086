export declare const CERT_FILE: string;
export declare const KEY_FILE: string;
export declare function makeTestCertificate(
  dir?: string,
): Promise<{ dir: string; certPath: string; keyPath: string }>;
