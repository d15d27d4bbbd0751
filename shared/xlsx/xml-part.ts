// Streams one XML part of a workbook through saxes, a pull-style SAX parser, with local names (no `x:` prefixes).

import { SaxesParser } from 'saxes';
import { ImportError } from '../errors.js';
import type { EntryChunk } from './zip-archive.js';

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  close?(name: string): void;
  text?(text: string): void;
}

const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** Attributes by local name (`r:id` is `id`). */
const localAttributes = (attributes: Record<string, string>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) out[localName(name)] = value;
  return out;
};

/**
 * Parses `chunks` with `handlers`, yielding after each chunk so that a caller can hand on what the handlers
 * gathered (a sheet's rows) before the next chunk is parsed: memory stays one chunk and its rows.
 */
export async function* parseXmlPart(
  part: string,
  chunks: AsyncIterable<EntryChunk>,
  handlers: XmlHandlers,
): AsyncGenerator<EntryChunk> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('opentag', (tag) =>
    handlers.open(localName(tag.name), localAttributes(tag.attributes), tag.isSelfClosing),
  );
  const { close, text } = handlers;
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of chunks) {
      parser.write(decoder.decode(chunk.bytes, { stream: true }));
      yield chunk;
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      'malformed_csv',
      `the workbook's part ${part} is not well-formed XML, so the sheet cannot be read past this point: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
}

/** Parses a whole (small) part. */
export const readXmlPart = async (part: string, chunks: AsyncIterable<EntryChunk>, handlers: XmlHandlers) => {
  for await (const _ of parseXmlPart(part, chunks, handlers)) {
    // Everything happens in the handlers.
  }
};
