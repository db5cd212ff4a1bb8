import sharp from 'sharp';

// Evidence photos for the demo's deductions (十二分制: no deduction without one). A drawn street scene per catalogue item,
// no text (fonts differ between machines), rendered to JPEG and uploaded through the API like an inspector's photo.

const W = 640;
const H = 480;

/** A shopfront on a pavement: the scene every evidence photo starts from. */
const SHOPFRONT = `
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9cc7e8"/><stop offset="1" stop-color="#dceaf4"/></linearGradient></defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>
  <rect x="60" y="70" width="520" height="300" fill="#d9cbb5"/>
  <rect x="80" y="95" width="480" height="50" fill="#b22222"/>
  <rect x="95" y="105" width="450" height="30" fill="#c8372d" opacity="0.6"/>
  <path d="M80 145 L560 145 L580 185 L60 185 Z" fill="#e0a030"/>
  <path d="M100 145 L120 185 M160 145 L180 185 M220 145 L240 185 M280 145 L300 185 M340 145 L360 185 M400 145 L420 185 M460 145 L480 185 M520 145 L540 185" stroke="#f6e0b0" stroke-width="14"/>
  <rect x="110" y="200" width="170" height="150" fill="#6f8fa8"/>
  <rect x="118" y="208" width="154" height="134" fill="#a9c4d8"/>
  <rect x="330" y="205" width="110" height="165" fill="#5a3e2b"/>
  <rect x="460" y="200" width="90" height="120" fill="#6f8fa8"/>
  <rect x="0" y="370" width="${W}" height="110" fill="#9e9e9e"/>
  <path d="M0 400 H${W} M0 440 H${W}" stroke="#8a8a8a" stroke-width="3"/>
  <rect x="20" y="378" width="600" height="14" fill="#e8c84a" opacity="0.9"/>`;

/** What each catalogue item adds to the scene. */
const DETAILS: Record<string, string> = {
  // goods and a rack out on the pavement, over the tactile path
  road_occupation: `
    <rect x="120" y="330" width="120" height="70" fill="#3c6e9e"/><rect x="130" y="300" width="40" height="40" fill="#e07b39"/>
    <rect x="180" y="305" width="50" height="35" fill="#7cb342"/><rect x="260" y="345" width="90" height="60" fill="#8d6e63"/>
    <rect x="270" y="320" width="30" height="30" fill="#ffca28"/><rect x="305" y="325" width="35" height="25" fill="#ef5350"/>`,
  // smoke from the kitchen vent
  fume: `
    <rect x="470" y="40" width="40" height="60" fill="#777"/>
    <circle cx="490" cy="30" r="28" fill="#888" opacity="0.8"/><circle cx="520" cy="10" r="34" fill="#999" opacity="0.7"/>
    <circle cx="560" cy="-5" r="40" fill="#aaa" opacity="0.6"/><circle cx="455" cy="5" r="22" fill="#999" opacity="0.6"/>`,
  // cardboard and a grease stain in front of the door
  frontage_duties: `
    <rect x="150" y="372" width="70" height="45" fill="#b08850" transform="rotate(-8 185 395)"/>
    <rect x="230" y="385" width="55" height="35" fill="#c09a60" transform="rotate(6 257 402)"/>
    <ellipse cx="400" cy="430" rx="70" ry="16" fill="#5d5d4a" opacity="0.55"/><circle cx="500" cy="420" r="6" fill="#eee"/>
    <circle cx="520" cy="440" r="5" fill="#ddd"/><circle cx="90" cy="430" r="7" fill="#eee"/>`,
  // a loudspeaker at the door with sound waves
  noise: `
    <rect x="290" y="300" width="40" height="70" fill="#222"/><circle cx="310" cy="320" r="10" fill="#555"/><circle cx="310" cy="350" r="14" fill="#555"/>
    <path d="M250 300 Q230 335 250 370 M225 290 Q195 335 225 380 M200 280 Q160 335 200 390" stroke="#d32f2f" stroke-width="6" fill="none"/>`,
  // an extra flashing light box over the shop sign
  outdoor_ad: `
    <rect x="200" y="20" width="240" height="60" fill="#ffeb3b" stroke="#f57c00" stroke-width="6"/>
    <circle cx="230" cy="50" r="10" fill="#ff1744"/><circle cx="270" cy="50" r="10" fill="#00e676"/><circle cx="310" cy="50" r="10" fill="#2979ff"/>
    <circle cx="350" cy="50" r="10" fill="#ff1744"/><circle cx="390" cy="50" r="10" fill="#00e676"/><circle cx="410" cy="50" r="10" fill="#2979ff"/>`,
  // two cars parked across the pavement and its tactile path
  parking: `
    <rect x="70" y="360" width="230" height="70" rx="18" fill="#1e5aa8"/><rect x="110" y="325" width="140" height="45" rx="14" fill="#2a6fc4"/>
    <rect x="122" y="333" width="55" height="30" fill="#cfe3f5"/><rect x="185" y="333" width="55" height="30" fill="#cfe3f5"/>
    <circle cx="120" cy="432" r="22" fill="#222"/><circle cx="255" cy="432" r="22" fill="#222"/>
    <rect x="340" y="365" width="230" height="68" rx="18" fill="#eeeeee" stroke="#bbb" stroke-width="3"/><rect x="380" y="330" width="140" height="45" rx="14" fill="#f5f5f5" stroke="#bbb" stroke-width="3"/>
    <rect x="392" y="338" width="55" height="30" fill="#cfe3f5"/><rect x="455" y="338" width="55" height="30" fill="#cfe3f5"/>
    <circle cx="390" cy="435" r="22" fill="#222"/><circle cx="525" cy="435" r="22" fill="#222"/>`,
  // e-bikes charging at the shop door, a cable run from the window across the exit
  fire_hazard: `
    <circle cx="300" cy="410" r="24" fill="none" stroke="#222" stroke-width="7"/><circle cx="390" cy="410" r="24" fill="none" stroke="#222" stroke-width="7"/>
    <path d="M300 410 L335 365 L390 410 M335 365 L370 365" stroke="#e53935" stroke-width="9" fill="none"/><rect x="325" y="375" width="40" height="22" fill="#37474f"/>
    <circle cx="430" cy="415" r="22" fill="none" stroke="#222" stroke-width="7"/><circle cx="515" cy="415" r="22" fill="none" stroke="#222" stroke-width="7"/>
    <path d="M430 415 L462 372 L515 415 M462 372 L495 372" stroke="#1e88e5" stroke-width="9" fill="none"/><rect x="452" y="382" width="38" height="20" fill="#37474f"/>
    <path d="M200 260 C230 330 260 300 290 390 M200 260 C260 340 420 330 450 395" stroke="#111" stroke-width="4" fill="none"/>
    <rect x="188" y="252" width="24" height="14" fill="#fafafa" stroke="#555" stroke-width="2"/>`,
  // a price tag at the window and a receipt at the counter
  price_fraud: `
    <rect x="150" y="240" width="70" height="45" fill="#fff" stroke="#d32f2f" stroke-width="4"/><path d="M160 255 H210 M160 270 H195" stroke="#333" stroke-width="5"/>
    <rect x="470" y="230" width="60" height="80" fill="#fafafa"/><path d="M478 245 H522 M478 260 H515 M478 275 H522 M478 290 H505" stroke="#555" stroke-width="4"/>`,
};

/**
 * A JPEG photo of the scene for a catalogue item or a case's category (demo.tickets.seed.ts); the shopfront alone, tidy,
 * for a code without its own details (a handler's photo after the work).
 */
export async function evidencePhoto(code: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${SHOPFRONT}${DETAILS[code] ?? ''}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}
