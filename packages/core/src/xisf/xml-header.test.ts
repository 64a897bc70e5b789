import { describe, expect, it } from 'vitest';
import { parseXisfXml } from './xml-header.js';

const NS = 'xmlns="http://www.pixinsight.com/xisf"';

function xisf(body: string, rootAttributes = `version="1.0" ${NS}`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!--\nExtensible Image Serialization Format - XISF version 1.0\n-->\n<xisf ${rootAttributes}>${body}</xisf>`;
}

const IMAGE_OPEN = '<Image geometry="4:3:1" sampleFormat="UInt16" location="attachment:4096:24"';

describe('parseXisfXml', () => {
  it('reads an image element with PixInsight-style children', () => {
    const xml = xisf(`
      ${IMAGE_OPEN} colorSpace="Gray" imageType="MasterDark" bounds="0:65535" pixelStorage="Planar"
             compression="lz4hc+sh:24:2" checksum="sha-1:ABCDEF0123">
        <FITSKeyword name="IMAGETYP" value="'Master Dark'" comment="Type of image"/>
        <FITSKeyword name="OBJECT" value="'M 31 &amp; friends''s'" comment="a &lt;b&gt; &#x41;&#66;"/>
        <FITSKeyword name="EXPTIME" value="300." comment="[s]"/>
        <FITSKeyword name="HISTORY" value="" comment="Integrated with WBPP"/>
        <Property id="PCL:CFASourcePattern" type="String">RGGB</Property>
        <Property id="Instrument:Sensor:Temperature" type="Float32" value="-10"/>
        <Property id="Instrument:Camera:Gain" type="UInt16" value="0x64"/>
        <Property id="Flag" type="Boolean" value="1"/>
        <Property id="Observation:Time:Start" type="TimePoint" value="2024-10-05T21:14:03.12Z"/>
        <Property id="Big" type="UInt64" value="18446744073709551615"/>
        <Property id="Peak" type="Complex32" value="(0.1,-0.2)"/>
        <Property id="Coefficients" type="F64Vector" length="3" location="inline:base64">AAAA</Property>
        <Property id="Encoded" type="String" location="inline:base64">VGhlIHF1aWNr</Property>
        <Resolution horizontal="72" vertical="72" unit="inch"/>
        <ICCProfile location="attachment:1:2"/>
        <Thumbnail geometry="1:1:1" sampleFormat="UInt8" location="attachment:3:1"/>
      </Image>
      <Metadata>
        <Property id="XISF:CreationTime" type="TimePoint" value="2024-10-06T08:00:00Z"/>
        <Property id="XISF:CreatorApplication" type="String">PixInsight 1.8.9-3</Property>
      </Metadata>`);
    const { header, blocks, diagnostics } = parseXisfXml(xml, 1234);
    expect(header.version).toBe('1.0');
    expect(header.headerLength).toBe(1234);
    const image = header.images[0]!;
    expect(image).toMatchObject({
      index: 0,
      geometry: [4, 3, 1],
      width: 4,
      height: 3,
      channels: 1,
      sampleFormat: 'UInt16',
      colorSpace: 'Gray',
      imageType: 'MasterDark',
      bounds: [0, 65535],
      pixelStorage: 'Planar',
      location: { kind: 'attachment', position: 4096, size: 24 },
      compression: { codec: 'lz4hc', shuffled: true, uncompressedSize: 24, itemSize: 2 },
      checksum: { algorithm: 'sha-1', digest: 'abcdef0123' },
    });
    expect(image.fitsKeywords).toEqual([
      { keyword: 'IMAGETYP', value: 'Master Dark', comment: 'Type of image' },
      { keyword: 'OBJECT', value: "M 31 & friends's", comment: 'a <b> AB' },
      { keyword: 'EXPTIME', value: 300, comment: '[s]' },
      { keyword: 'HISTORY', value: null, comment: 'Integrated with WBPP' },
    ]);
    const values = Object.fromEntries(image.properties.map((p) => [p.id, p.value]));
    expect(values).toEqual({
      'PCL:CFASourcePattern': 'RGGB',
      'Instrument:Sensor:Temperature': -10,
      'Instrument:Camera:Gain': 100,
      Flag: true,
      'Observation:Time:Start': '2024-10-05T21:14:03.12Z',
      Big: '18446744073709551615',
      Peak: '(0.1,-0.2)',
      Coefficients: null,
      Encoded: 'The quick',
    });
    expect(header.metadata.map((p) => p.value)).toEqual([
      '2024-10-06T08:00:00Z',
      'PixInsight 1.8.9-3',
    ]);
    expect(blocks[0]).toMatchObject({ compression: 'lz4hc+sh:24:2' });
    const ignored = diagnostics
      .filter((d) => d.code === 'XISF_ELEMENT_IGNORED')
      .map((d) => d.message);
    expect(ignored).toEqual([
      'Image #0: <Resolution> is not read',
      'Image #0: <ICCProfile> is not read',
      'Image #0: <Thumbnail> is not read',
    ]);
    expect(diagnostics.every((d) => d.severity === 'info')).toBe(true);
    expect(diagnostics.some((d) => d.message.includes('Coefficients'))).toBe(true);
  });

  it('keeps whitespace of String properties but not of attributes', () => {
    const xml = xisf(
      `${IMAGE_OPEN}><Property id="Note" type="String">  two  words </Property></Image>`,
    );
    expect(parseXisfXml(xml, 0).header.images[0]!.properties[0]!.value).toBe('  two  words ');
  });

  it('reads embedded and inline blocks with their Data element compression', () => {
    const xml = xisf(`
      <Image geometry="2:1:1" sampleFormat="UInt8" location="embedded">
        <Data encoding="base64" compression="zlib:2">eJxjZAAAAAQAAg==</Data>
      </Image>`);
    const { header, blocks } = parseXisfXml(xml, 0);
    expect(header.images[0]!.location).toEqual({ kind: 'embedded' });
    expect(header.images[0]!.compression).toEqual({
      codec: 'zlib',
      shuffled: false,
      uncompressedSize: 2,
    });
    expect(blocks[0]).toMatchObject({ encoding: 'base64', encodedText: 'eJxjZAAAAAQAAg==' });
  });

  it('does not expand DOCTYPE entities (billion laughs)', () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
    ].join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE xisf [${lol}]><xisf version="1.0" ${NS}>${IMAGE_OPEN}><FITSKeyword name="OBJECT" value="'&lol9;'" comment="&lol9;"/></Image></xisf>`;
    const { header, diagnostics } = parseXisfXml(xml, 0);
    expect(header.images[0]!.fitsKeywords[0]).toEqual({
      keyword: 'OBJECT',
      value: '&lol9;',
      comment: '&lol9;',
    });
    expect(
      diagnostics.some((d) => d.code === 'XISF_DOCTYPE_IGNORED' && d.severity === 'warning'),
    ).toBe(true);
  });

  it('refuses a header declaring an external entity instead of resolving it', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE xisf [<!ENTITY x SYSTEM "file:///etc/passwd">]><xisf version="1.0" ${NS}>${IMAGE_OPEN}><FITSKeyword name="A" value="'&x;'" comment=""/></Image></xisf>`;
    expect(() => parseXisfXml(xml, 0)).toThrow(
      expect.objectContaining({
        code: 'XISF_BAD_HEADER',
        message: expect.stringMatching(/External entities/),
      }),
    );
  });

  it.each([
    ['unclosed element', xisf(`${IMAGE_OPEN}>`), /malformed XML: .*Image/],
    ['unquoted attribute', xisf('<Image geometry=4:3:1 />'), /malformed XML/],
    [
      'repeated attribute',
      xisf(`${IMAGE_OPEN} sampleFormat="UInt8"/>`),
      /malformed XML: .*sampleFormat.*repeated/,
    ],
    ['no root', '<?xml version="1.0"?><other/>', /no <xisf> root element/],
    ['no version', xisf('', NS), /no version attribute/],
    [
      'no geometry',
      xisf('<Image sampleFormat="UInt8" location="embedded"/>'),
      /Image #0 has no geometry/,
    ],
    [
      'bad geometry',
      xisf('<Image geometry="4:x:1" sampleFormat="UInt8" location="embedded"/>'),
      /bad geometry="4:x:1"/,
    ],
    [
      'bad sample format',
      xisf('<Image geometry="1:1:1" sampleFormat="Int16" location="embedded"/>'),
      /unknown sampleFormat="Int16"/,
    ],
    ['no location', xisf('<Image geometry="1:1:1" sampleFormat="UInt8"/>'), /has no location/],
    [
      'external location',
      xisf('<Image geometry="1:1:1" sampleFormat="UInt8" location="url(http://x/y)"/>'),
      /external data block/,
    ],
    [
      'embedded without Data',
      xisf('<Image geometry="1:1:1" sampleFormat="UInt8" location="embedded"/>'),
      /no Data element/,
    ],
  ])('rejects %s with XISF_BAD_HEADER', (_name, xml, message) => {
    expect(() => parseXisfXml(xml, 0)).toThrow(
      expect.objectContaining({ code: 'XISF_BAD_HEADER', message: expect.stringMatching(message) }),
    );
  });

  it('reports odd but readable headers as warnings', () => {
    const xml = xisf(
      `${IMAGE_OPEN} compression="rle:24" byteOrder="middle"><FITSKeyword name="OBJECT" value="M31" comment=""/><Property type="String">x</Property></Image>`,
      'version="1.1"',
    );
    const { header, diagnostics } = parseXisfXml(xml, 0);
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'XISF_VERSION',
        'XISF_NAMESPACE',
        'UNSUPPORTED_COMPRESSION',
        'XISF_IMAGE_ATTRIBUTE',
        'XISF_FITS_KEYWORD',
        'XISF_PROPERTY_INCOMPLETE',
        'XISF_NO_METADATA',
      ]),
    );
    expect(header.images[0]!.compression).toBeUndefined();
    expect(header.images[0]!.fitsKeywords[0]).toEqual({ keyword: 'OBJECT', value: 'M31' });
    expect(diagnostics.find((d) => d.code === 'XISF_FITS_KEYWORD')).toMatchObject({
      hdu: 0,
      card: 0,
    });
  });
});
