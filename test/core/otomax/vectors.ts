/** The protocol doc's token vectors (docs/otomax-protocol.md, "Test vectors"). */
export const SPEC_CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };
export const DEMO_CREDS = { appId: 'OtomaX.Addon', appKey: 'demoKey', devKey: 'YAR.OtomaX.OpenApi.App' };

export const SPEC_METADATA = 'eyJpZCI6IkFQUElEMTIzIn0';
export const SPEC_KEY1 = 'Uzrd0JFGEr3zlFndAPh0lL6WBRXBA7n6ljlIBFMcVow=';

export const VECTORS: { name: string; creds: typeof SPEC_CREDS; body: string; token: string }[] = [
  {
    name: 'empty object',
    creds: SPEC_CREDS,
    body: '{}',
    token: 'eyJpZCI6IkFQUElEMTIzIn0.T-t18xfi3B5w2c1aChKdh6mUa7LLOYqiYOI1Vku2IFw',
  },
  {
    name: 'four leading spaces',
    creds: SPEC_CREDS,
    body: '    {}',
    token: 'eyJpZCI6IkFQUElEMTIzIn0.ckmyuV8F5ATl8-LQh370VSRsdkG6_LcgdQDRCkrD2As',
  },
  {
    name: 'GetRs body',
    creds: SPEC_CREDS,
    body: '{"kode":"R0001"}',
    token: 'eyJpZCI6IkFQUElEMTIzIn0.c06VZd7jtRUPBAEubeatPY8vwrzLNaA4jzTJ8Fb9GaM',
  },
  {
    name: 'InsertInbox body',
    creds: SPEC_CREDS,
    body: '{"pesan":"S10.081234567890.1234","kode_reseller":"","pengirim":"6281234567890","tipe_pengirim":"W","kode_terminal":2,"_exp":"2025-10-18T20:30:05Z"}',
    token: 'eyJpZCI6IkFQUElEMTIzIn0.AoM-SEMoH4GzhQGpjVZtcJWa5E6r__WCLyEDjoMh_YY',
  },
  {
    name: "OtomaX's demo credentials",
    creds: DEMO_CREDS,
    body: '{"pesan":"tiket.100000.1234","kode_reseller":"yusuf","pengirim":"0812996000","tipe_pengirim":"W"}',
    token: 'eyJpZCI6Ik90b21hWC5BZGRvbiJ9.Z0IM0fyG8xA4ziKfsnKCmKwjVHbLBtXNu41NdnTDUMY',
  },
];

/** Forgeries a verifier must refuse, derived from a valid vector. */
export function mustReject(
  v: (typeof VECTORS)[number],
  sigWithRawKey: string,
): { name: string; token: string; body: string }[] {
  const [meta, sig] = v.token.split('.') as [string, string];
  const stdSig = Buffer.from(sig, 'base64url').toString('base64'); // standard alphabet, padded
  const changed = v.body.slice(0, -1) + (v.body.endsWith('}') ? ']' : '}');
  const cases = [
    { name: 'one body byte changed', token: v.token, body: changed },
    { name: 'padded signature', token: `${meta}.${sig}=`, body: v.body },
    { name: 'standard-alphabet padded signature', token: `${meta}.${stdSig}`, body: v.body },
    {
      name: 'standard-alphabet signature without padding',
      token: `${meta}.${stdSig.replace(/=+$/, '')}`,
      body: v.body,
    },
    { name: "key1's raw bytes as the key", token: `${meta}.${sigWithRawKey}`, body: v.body },
  ];
  // A signature with no '-' or '_' reads the same in both alphabets: that one is not a forgery.
  return cases.filter((c) => c.token !== v.token || c.body !== v.body);
}
