import type { ServerResponse } from 'node:http';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BASEMAP_RESPONSE_SCHEMA } from './basemap-response.schema';
import { type Basemap, CityService } from './city.service';

@ApiTags('city')
@Controller('city')
export class CityController {
  constructor(private readonly city: CityService) {}

  @Get('basemap')
  // An hour keeps wall screens off the API; the ETag makes the revalidation after that a 304.
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'Offline base map of the city (districts, roads, river, lake, sites)' })
  @ApiOkResponse({ description: 'The base map; carries ETag and Cache-Control', schema: BASEMAP_RESPONSE_SCHEMA })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  basemap(@Res({ passthrough: true }) res: ServerResponse): Basemap {
    const { body, etag } = this.city.basemap();
    // Express answers 304 itself when If-None-Match matches an ETag already set on the response.
    res.setHeader('ETag', etag);
    return body;
  }
}
