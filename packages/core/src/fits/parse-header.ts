import type { Diagnostic } from '../errors/index.js';
import {
  CARD_LENGTH,
  NON_ASCII,
  readCard,
  readQuoted,
  type CardIssue,
  type FitsCard,
} from './card.js';
import { FitsHeader } from './fits-header.js';

/**
 * Parses the cards of one header (`text` holds whole 80-character cards, latin1-decoded, up to
 * and including END) and joins CONTINUE chains into one card. Never throws.
 */
export function parseHeader(
  text: string,
  hdu: number,
): { header: FitsHeader; diagnostics: Diagnostic[] } {
  const cards: FitsCard[] = [];
  const diagnostics: Diagnostic[] = [];
  const count = Math.floor(text.length / CARD_LENGTH);
  let open: FitsCard | undefined;
  let openComments: string[] = [];
  // One scan of the whole header spares a per-card check in the common all-ASCII case.
  const mayHaveNonAscii = NON_ASCII.test(text);

  const issues: CardIssue[] = [];

  for (let i = 0; i < count; i++) {
    const raw = text.slice(i * CARD_LENGTH, (i + 1) * CARD_LENGTH);
    const card = readCard(raw, i, mayHaveNonAscii, issues);
    if (issues.length > 0) {
      for (const issue of issues) diagnostics.push({ ...issue, hdu, card: i });
      issues.length = 0;
    }

    if (card.keyword === 'CONTINUE' && card.kind === 'commentary') {
      const piece = continuePiece(raw);
      if (open && piece) {
        appendPiece(open, piece.text, raw);
        if (piece.comment) openComments.push(piece.comment);
        if (!piece.text.endsWith('&')) open = closeChain(open, openComments);
        continue;
      }
      diagnostics.push({
        severity: 'warning',
        code: 'FITS_BAD_CARD',
        message: 'CONTINUE card does not follow a string ending in &',
        hdu,
        card: i,
      });
    }
    if (open) open = closeChain(open, openComments);

    cards.push(card);
    if (card.kind === 'value' && typeof card.value === 'string' && card.value.endsWith('&')) {
      open = card;
      openComments = card.comment ? [card.comment] : [];
    }
    if (card.kind === 'end') break;
  }
  if (open) closeChain(open, openComments);
  return { header: new FitsHeader(cards), diagnostics };
}

function continuePiece(raw: string): { text: string; comment: string | undefined } | undefined {
  const q = raw.indexOf("'", 8);
  if (q < 0 || raw.slice(8, q).trim() !== '') return undefined;
  const quoted = readQuoted(raw, q);
  if (!quoted) return undefined;
  const rest = raw.slice(quoted.end).trim();
  return { text: quoted.text, comment: rest.startsWith('/') ? rest.slice(1).trim() : undefined };
}

function appendPiece(card: FitsCard, text: string, raw: string): void {
  // The `&` marks "continued"; it is not part of the value.
  card.value = (card.value as string).slice(0, -1) + text;
  card.raw += raw;
}

/** Ends a chain: a value still ending in `&` here had no CONTINUE after it, so its `&` is real. */
function closeChain(card: FitsCard, comments: string[]): undefined {
  card.comment = comments.length > 0 ? comments.join(' ') : undefined;
  return undefined;
}
