/** The VyOS driver through the QEMU guest agent (a real qemu-ga), driving the VyOS stand-in. */
import { defineStandinCases } from './cases.js';

defineStandinCases('qga');
