import Application from '@ember/application';
import { inject as service } from '@ember/service';
import RSVP from 'rsvp';
import $ from 'jquery';
import Resolver from 'ember-resolver';

export default Application.extend({ Resolver, session: service(), ready() { return RSVP.resolve($('body')); } });
