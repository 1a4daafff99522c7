import { ReactiveVar } from 'meteor/reactive-var';
import DOMPurify from 'dompurify';
export const v = new ReactiveVar(DOMPurify);
