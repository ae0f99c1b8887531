import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import type { Block } from '../../../shared/domain/bulletin';

/**
 * The bulletin on screen, rendered from the same blocks (`bulletinBlocks`) the .docx is rendered from: an A4 sheet
 * with the red head, the title in 小标宋 (or 宋体), body text in 仿宋, tables with full borders. Fonts fall back to
 * what the browser has (serif CJK), as the .docx falls back in Word.
 */
const SONG =
  '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Songti SC", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif';
const FANG = '"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif';
const HEI = '"黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
const KAI = '"楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif';
const RED = '#e00000';
/** 三号 = 16 pt; at 96 dpi 1 pt = 4/3 px. */
const PT = (n: number) => `${(n * 4) / 3}px`;

const body: CSSProperties = {
  fontFamily: FANG,
  fontSize: PT(16),
  lineHeight: PT(28),
  textIndent: '2em',
  textAlign: 'justify',
  margin: 0,
};

function BlockView({ b }: { b: Block }) {
  switch (b.t) {
    case 'redhead':
      return (
        <div data-testid="bulletin-redhead">
          <div
            style={{
              fontFamily: SONG,
              fontSize: PT(42),
              color: RED,
              textAlign: 'center',
              letterSpacing: '0.3em',
              fontWeight: 700,
              margin: `${PT(12)} 0`,
            }}
          >
            {b.title}
          </div>
          <div
            style={{ fontFamily: FANG, fontSize: PT(16), textAlign: 'center', lineHeight: PT(28) }}
            data-testid="bulletin-number"
          >
            {b.number}
          </div>
          <div
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              fontFamily: FANG,
              fontSize: PT(16),
              lineHeight: PT(28),
              borderBottom: `3px solid ${RED}`,
              paddingBottom: 4,
              marginBottom: PT(24),
            }}
          >
            <span>{b.office}</span>
            <span>{b.date}</span>
          </div>
        </div>
      );
    case 'title':
      return (
        <h1
          style={{
            fontFamily: SONG,
            fontSize: PT(22),
            lineHeight: PT(35),
            textAlign: 'center',
            fontWeight: 700,
            margin: `${PT(12)} 0 ${PT(18)}`,
          }}
        >
          {b.lines.map((l, i) => (
            <div key={i}>{l}</div>
          ))}
        </h1>
      );
    case 'addressee':
      return <p style={{ ...body, textIndent: 0 }}>{b.text}</p>;
    case 'h1':
      return <h2 style={{ ...body, fontFamily: HEI, fontWeight: 400 }}>{b.text}</h2>;
    case 'h2':
      return <h3 style={{ ...body, fontFamily: KAI, fontWeight: 400 }}>{b.text}</h3>;
    case 'p':
      return <p style={body}>{b.text}</p>;
    case 'table': {
      const total = b.widths.reduce((a, x) => a + x, 0);
      const cell: CSSProperties = {
        border: '1px solid #000',
        padding: '2px 4px',
        fontFamily: FANG,
        fontSize: PT(12),
        lineHeight: 1.4,
      };
      return (
        <table
          style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', margin: `${PT(6)} 0 ${PT(10)}` }}
        >
          <colgroup>
            {b.widths.map((w, i) => (
              <col key={i} style={{ width: `${(w / total) * 100}%` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {b.header.map((h) => (
                <th key={h} style={{ ...cell, fontFamily: HEI, fontWeight: 400, textAlign: 'center' }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, k) => (
                  <td key={k} style={{ ...cell, textAlign: b.align[k] ?? 'left' }}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'signature':
      return (
        <div
          style={{
            textAlign: 'right',
            fontFamily: FANG,
            fontSize: PT(16),
            lineHeight: PT(28),
            marginTop: PT(28),
            paddingRight: '2em',
          }}
        >
          <div>{b.office}</div>
          <div>{b.date}</div>
        </div>
      );
  }
}

/** A4 is 210 mm wide: 793.7 px at 96 dpi. */
const SHEET_PX = 794;

export function BulletinPreview({ blocks }: { blocks: Block[] }) {
  // The sheet keeps its true proportions and is scaled down to the column it sits in (never up).
  const outer = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useLayoutEffect(() => {
    const el = outer.current;
    if (!el) return;
    const fit = () => setScale(Math.min(1, (el.clientWidth - 32) / SHEET_PX));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div ref={outer} style={{ background: '#e9e9e9', padding: 16 }}>
      {/* A4: 210 mm wide with 28/26 mm side margins, 37 mm at the top and 35 mm at the bottom. */}
      <div
        data-testid="bulletin-preview"
        style={{
          zoom: scale,
          background: '#fff',
          width: '210mm',
          minHeight: '297mm',
          margin: '0 auto',
          padding: '37mm 26mm 35mm 28mm',
          boxSizing: 'border-box',
          boxShadow: '0 2px 8px rgba(0,0,0,0.2)',
          color: '#000',
        }}
      >
        {blocks.map((b, i) => (
          <BlockView key={i} b={b} />
        ))}
      </div>
    </div>
  );
}
