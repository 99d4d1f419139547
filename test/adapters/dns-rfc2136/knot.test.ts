import { describeRealServer } from './real-server-suite.js';

describeRealServer('knot');
