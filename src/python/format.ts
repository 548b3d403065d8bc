// Python string formatting: format specs, str.format and printf-style `%`, for the values the evaluator knows.
import { type Value, isObj, num, show } from './values';

/** format(value, spec) for ints, floats and strings; null when it cannot be done. */
export function formatSpec(v: Value, spec: string): string | null {
  const m = /^(?:(.)?([<>=^]))?([+\- ]?)(#?)(0?)(\d*)([,_]?)(?:\.(\d+))?([bcdeEfFgGnosxX%]?)$/.exec(spec);
  if (!m) return null;
  const [, fillRaw, align, sign, , zero, widthRaw, group, precRaw, type] = m;
  let body: string;
  const n = num(v);
  if (typeof v === 'string') {
    if (type && type !== 's') return null;
    body = precRaw ? v.slice(0, Number(precRaw)) : v;
  } else if (n !== null) {
    const isFloat = isObj(v) && v.t === 'float';
    switch (type) {
      case '': body = isFloat && precRaw ? n.toFixed(Number(precRaw)) : show(v); break;
      case 'd': case 'n': if (!Number.isInteger(n)) return null; body = String(Math.abs(n)); break;
      case 'f': case 'F': body = Math.abs(n).toFixed(precRaw ? Number(precRaw) : 6); break;
      case 'e': case 'E': body = Math.abs(n).toExponential(precRaw ? Number(precRaw) : 6).replace(/e([+-])(\d)$/, 'e$10$2'); break;
      case 'x': body = Math.abs(n).toString(16); break;
      case 'X': body = Math.abs(n).toString(16).toUpperCase(); break;
      case 'o': body = Math.abs(n).toString(8); break;
      case 'b': body = Math.abs(n).toString(2); break;
      case '%': body = (Math.abs(n) * 100).toFixed(precRaw ? Number(precRaw) : 6) + '%'; break;
      default: return null;
    }
    if (type !== '' || !isFloat || precRaw) {
      if (group) body = body.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, group));
      const neg = n < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
      if (type === '' && !isFloat) body = String(Math.abs(n));
      body = neg + body;
    }
  } else return null;
  const width = widthRaw ? Number(widthRaw) : 0;
  if (body.length >= width) return body;
  const fill = fillRaw ?? (zero && !align ? '0' : ' ');
  const al = align || (zero ? '=' : typeof v === 'string' ? '<' : '>');
  const padN = width - body.length;
  switch (al) {
    case '<': return body + fill.repeat(padN);
    case '^': return fill.repeat(Math.floor(padN / 2)) + body + fill.repeat(Math.ceil(padN / 2));
    case '=': {
      const s = /^[+\- ]/.test(body) ? body[0] : '';
      return s + fill.repeat(padN) + body.slice(s.length);
    }
    default: return fill.repeat(padN) + body;
  }
}

/** 'stage{}'.format(2), '{name}_{0:02d}'.format(3, name='x'); null when a field is unknown. */
export function strFormat(template: string, args: Value[], kw: Map<string, Value>): string | null {
  let auto = 0;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{' && template[i + 1] === '{') { out += '{'; i++; continue; }
    if (c === '}' && template[i + 1] === '}') { out += '}'; i++; continue; }
    if (c !== '{') { out += c; continue; }
    const end = template.indexOf('}', i);
    if (end < 0) return null;
    const field = template.slice(i + 1, end);
    i = end;
    const [ref, spec = ''] = field.split(/:(.*)/s);
    const name = ref.replace(/![rsa]$/, '');
    const v = name === '' ? args[auto++] : /^\d+$/.test(name) ? args[Number(name)] : kw.get(name);
    if (v === undefined) return null;
    const text = spec ? formatSpec(v, spec) : isObj(v) && v.t === 'unknown' ? null : show(v);
    if (text === null || (isObj(v) && v.t === 'unknown')) return null;
    out += text;
  }
  return out;
}

/** 'layer%d' % 3, '%s_%02d' % ('a', 1); null when it cannot be done. */
export function percentFormat(template: string, arg: Value): string | null {
  const args = isObj(arg) && arg.t === 'tuple' ? arg.items : [arg];
  let k = 0;
  let failed = false;
  const out = template.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([diufFeEsrx%])/g, (_m, flags: string, width: string, prec: string, type: string) => {
    if (type === '%') return '%';
    const v = args[k++];
    if (v === undefined || (isObj(v) && v.t === 'unknown')) { failed = true; return ''; }
    const align = flags.includes('-') ? '<' : '';
    const zero = flags.includes('0') && !align ? '0' : '';
    const t = type === 'i' || type === 'u' ? 'd' : type === 'r' ? 's' : type;
    const spec = `${align}${zero}${width}${prec ? '.' + prec : ''}${t === 's' ? '' : t}`;
    const text = t === 's' ? formatSpec(show(v), `${align}${width}`) : formatSpec(v, spec);
    if (text === null) { failed = true; return ''; }
    return text;
  });
  return failed || k !== args.length ? null : out;
}
