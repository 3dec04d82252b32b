// How a VyOS set script is put together: path words that are plain words only, quoted values,
// descriptions only when there is text left, sections, verbatim template lines, and the order
// people read names in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VyosRenderError } from './errors.js';
import { VyosScript, compareNatural, sortedBy, sortedUnique } from './script.js';

test('set: path words must be plain words; the value is always quoted', () => {
  const script = new VyosScript();
  script.set(['interfaces', 'ethernet', 'eth0', 'mtu'], 9000);
  script.set(['protocols', 'bgp', 'neighbor', '10.0.0.1', 'address-family', 'ipv4-unicast']);
  script.set(['policy', 'prefix-list', 'weft-x', 'rule', '10', 'prefix'], '10.0.0.0/24');
  assert.equal(script.text(), "set interfaces ethernet eth0 mtu '9000'\nset protocols bgp neighbor 10.0.0.1 address-family ipv4-unicast\nset policy prefix-list weft-x rule 10 prefix '10.0.0.0/24'\n");
  for (const word of ['eth0 vrf x', "a'b", '', '-x', 'a;b', 'é']) {
    assert.throws(() => { script.set(['interfaces', 'ethernet', word]); }, (error: unknown) => error instanceof VyosRenderError && error.message === `unsafe word in a VyOS path: ${JSON.stringify(word)}`, word);
  }
});

test('describe writes a description only when text is left after cleaning; sections are set apart', () => {
  const script = new VyosScript();
  script.section('interfaces');
  script.describe(['interfaces', 'ethernet', 'eth0'], "to spine1 ('north')");
  script.describe(['interfaces', 'ethernet', 'eth1'], ' \n ');
  script.section("bgp 'x'");
  assert.equal(script.text(), "# interfaces\nset interfaces ethernet eth0 description 'to spine1 (north)'\n\n# bgp x\n");
});

test('verbatim lines: CRLF and trailing newlines normalised, an empty text adds nothing', () => {
  const script = new VyosScript();
  script.appendVerbatim('set service ntp server 192.0.2.1\r\nset service ntp server 192.0.2.2\n\n\n');
  script.appendVerbatim('');
  script.appendVerbatim('\n');
  assert.equal(script.text(), 'set service ntp server 192.0.2.1\nset service ntp server 192.0.2.2\n');
  assert.equal(new VyosScript().text(), '\n');
});

test('compareNatural: numbers by value, then text; a prefix before what extends it', () => {
  assert.deepEqual(['eth10', 'eth2', 'eth1'].sort(compareNatural), ['eth1', 'eth2', 'eth10']);
  assert.deepEqual(['10.10.0.0', '10.1.0.0', '10.2.0.0'].sort(compareNatural), ['10.1.0.0', '10.2.0.0', '10.10.0.0']);
  assert.deepEqual(['b', 'a10', 'a9', 'a'].sort(compareNatural), ['a', 'a9', 'a10', 'b']);
  assert.ok(compareNatural('eth1', 'eth1a') < 0);
  assert.ok(compareNatural('eth1a', 'eth1') > 0);
  assert.equal(compareNatural('eth1', 'eth1'), 0);
  assert.ok(compareNatural('x007', 'x7') < 0, 'equal numbers: the text decides');
  assert.ok(compareNatural('x7', 'x007') > 0);
  assert.ok(compareNatural('', 'a') < 0);
  assert.ok(compareNatural('a', '') > 0);
  assert.equal(compareNatural('', ''), 0);
  assert.ok(compareNatural('a1', 'b') < 0);
});

test('sortedUnique and sortedBy', () => {
  assert.deepEqual(sortedUnique(['Vrf10', 'Vrf2', 'Vrf10']), ['Vrf2', 'Vrf10']);
  assert.deepEqual(sortedBy([{ n: 'eth10' }, { n: 'eth2' }], (x) => x.n), [{ n: 'eth2' }, { n: 'eth10' }]);
});
