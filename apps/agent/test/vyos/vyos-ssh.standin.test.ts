/** The VyOS driver over SSH (ssh2 to a real OpenSSH server), driving the VyOS stand-in. */
import { defineStandinCases } from './cases.js';

defineStandinCases('ssh');
