import type { DeviceOs, DeviceRole, Diagnostic, TemplateOutput } from '#domain';

/**
 * What Weft owns on a device, as the renderers define it. Passed in rather than imported so
 * this library does not depend on the renderers (DEFAULT_OWNERSHIP_RULES wires the real ones).
 */
export interface OwnershipRules {
  /** true when Weft writes this CONFIG_DB table (VLAN, VXLAN_TUNNEL, VRF...) */
  configDbTableOwned(table: string): boolean;
  /** true when Weft owns this entry of a table it shares (its own `ACL_TABLE|WEFT_*`); default: none */
  configDbKeyOwned?(table: string, key: string): boolean;
  /** true when this frr.conf line (trimmed) configures something Weft generates */
  frrLineOwned(line: string): boolean;
  /**
   * true when this VyOS command touches Weft's configuration. `words` is the whole tokenized
   * command, verb first (`['delete', 'protocols']`), so a rule can refuse deleting a parent
   * of something Weft owns as well as setting inside it.
   */
  vyosPathOwned(words: readonly string[]): boolean;
  /** splits one VyOS command into words, quotes removed; throws when it does not tokenize */
  splitVyosCommand(line: string): string[];
}

/** The fields a selector looks at. */
export interface TemplateDevice {
  readonly name: string;
  readonly role: DeviceRole;
  readonly os: DeviceOs;
  readonly labels?: Readonly<Record<string, string>>;
}

/** `{{switch.*}}` in a template. */
export interface TemplateSwitch {
  readonly name: string;
  readonly role: DeviceRole;
  readonly os: DeviceOs;
  readonly asn: number;
  readonly routerId: string;
  readonly description?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type TemplateValue =
  | string
  | number
  | boolean
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue | undefined };

/** `{{fabric.*}}` in a template: the fabric-wide numbers the compiler passes. */
export interface TemplateFabric {
  readonly spineAsn?: number;
  readonly loopbacks?: string;
  readonly mtu?: number;
  readonly anycastGatewayMac?: string;
  readonly [key: string]: TemplateValue | undefined;
}

export interface TemplateContext {
  readonly switch: TemplateSwitch;
  readonly fabric: TemplateFabric;
}

export interface RenderResult {
  /** one output per template that applies, rendered and accepted, sorted by template name */
  readonly outputs: TemplateOutput[];
  readonly diagnostics: Diagnostic[];
}

/** One line of `weft explain` for a switch. */
export interface TemplateExplanation {
  readonly template: string;
  readonly target: string;
  readonly selected: boolean;
  /** why it applies, or every reason it does not */
  readonly reason: string;
}
