// ECharts with only what the time-space diagram draws (custom shapes, lines, a grid, tooltips, canvas),
// imported lazily by TimeSpaceDiagram.vue: it lands in its own chunk, never in the wall's.
import { CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([CustomChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };
