import {get_string as getString} from 'core/str';
import {getButtonImage} from 'editor_tiny/utils';
export const init = () => getString('x');
